// SDEngine: see docs/architecture.md

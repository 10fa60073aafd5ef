// SDTemplate: see docs/architecture.md

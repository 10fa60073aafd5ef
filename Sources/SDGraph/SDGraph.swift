// SDGraph: see docs/architecture.md

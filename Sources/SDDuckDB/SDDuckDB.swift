// SDDuckDB: see docs/architecture.md

// SDProject: see docs/architecture.md

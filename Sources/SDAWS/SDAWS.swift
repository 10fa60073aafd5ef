// SDAWS: see docs/architecture.md

// SDCompiler: see docs/architecture.md

import SDAthena
import SDDuckDB
import SDProject

/// The executable's two target types (Sources/swiftdbt/Adapters.swift), for tests that compile as the CLI does.
let builtinAdapters = TargetAdapterRegistry([DuckDBAdapter(), AthenaAdapter()])

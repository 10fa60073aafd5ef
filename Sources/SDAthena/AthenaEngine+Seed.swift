import Foundation
import SDBasics
import SDCompiler
import SDEngine

extension AthenaEngine {
    /// Athena's limit on one query string, in UTF-8 bytes (service-limits.html; not adjustable).
    static let maxStatementBytes = 262_144

    /// A seed with no S3 upload: CTAS from `VALUES` into a temporary table (more rows follow as
    /// `INSERT … VALUES`, each statement under 262,144 bytes), then swapped in like a table.
    public func loadSeed(_ node: CompiledNode, table: SeedTable, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        guard let relation = node.relation.map(AthenaEngine.lowercased) else {
            throw EngineError(.internalError, "seed \(node.name) has no relation")
        }
        var stats = QueryStats()
        try await holdLease()
        try await ensureSchema(relation.schema)
        let existing = try await currentTable(relation)
        var config = AthenaTableConfig(node.config)
        config.tableType = "hive"
        config.partitionedBy = []
        config.bucketedBy = []
        let build = freshBuild(relation, config: config)
        let statements = AthenaEngine.seedStatements(table, into: build.temp, config: config, location: build.location)
        do {
            for s in statements { try await run(s, node: node, log: log, stats: &stats) }
        } catch {
            await discard(temp: build.temp, location: build.location)
            throw error
        }
        try await swap(build.temp, into: relation, existing: existing, root: build.root, log: log, stats: &stats)
        var response = stats.response()
        response.message = "INSERT \(table.rows.count)"
        response.code = "INSERT"
        response.rowsAffected = table.rows.count
        return response
    }

    /// The CTAS and INSERT statements for a seed, each at most `maxStatementBytes` long.
    static func seedStatements(
        _ seed: SeedTable, into temp: Relation, config: AthenaTableConfig, location: String,
        limit: Int = maxStatementBytes
    ) -> [String] {
        // `column_types` are written for both targets (`string`, `int`); every literal and cast
        // Athena sees uses the Trino name, or the query fails with "Unknown type: string".
        var table = seed
        table.columns = seed.columns.map { c in
            var c = c
            if case .sql = c.type { c.type = .sql(athenaType(c.type)) }
            return c
        }
        let aliases = table.columns.indices.map { "c\($0)" }
        let casts = table.columns.enumerated().map { i, c in
            "cast(\(aliases[i]) as \(athenaType(c.type))) as \(AthenaSQL.quote(c.name.lowercased()))"
        }.joined(separator: ", ")
        let head = "select \(casts)\nfrom (values\n"
        let tail = "\n) as t (\(aliases.joined(separator: ", ")))"
        let ctasPrefix = AthenaSQL.createTableAs(temp, "", config: config, location: location)
        let insertPrefix = "insert into \(temp.quoted)\n"
        if table.rows.isEmpty {
            let nulls = table.columns.map { "cast(null as \(athenaType($0.type))) as \(AthenaSQL.quote($0.name.lowercased()))" }
            return [ctasPrefix + "select " + nulls.joined(separator: ", ") + " where false"]
        }
        // Row tuples, rendered by SeedLiteral (quotes doubled, every other character kept as UTF-8).
        let tuples = SeedLiteral.insertStatements(table, into: "t", rowsPerStatement: 1).map { s -> String in
            guard let r = s.range(of: ") VALUES\n") else { return s }
            return String(s[r.upperBound...])
        }
        var out: [String] = []
        var current: [String] = []
        var size = 0
        func flush() {
            guard !current.isEmpty else { return }
            let body = head + current.joined(separator: ",\n") + tail
            out.append((out.isEmpty ? ctasPrefix : insertPrefix) + body)
            current = []
            size = 0
        }
        let overhead = max(ctasPrefix.utf8.count, insertPrefix.utf8.count) + head.utf8.count + tail.utf8.count
        for t in tuples {
            let n = t.utf8.count + 2
            if !current.isEmpty, overhead + size + n > limit { flush() }
            current.append(t)
            size += n
        }
        flush()
        return out
    }

    /// Trino type names for CAST (the adapter's `sqlType`, AthenaType.dml); VARCHAR without a length is
    /// Athena's unbounded string.
    static func athenaType(_ t: SeedLogicalType) -> String { AthenaSQL.adapter.sqlType(t) }
}

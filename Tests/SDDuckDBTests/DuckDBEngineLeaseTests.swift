import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject
import Testing

@testable import SDDuckDB

/// The engine on the real CLI: one lease per node (no node runs inside another's transaction), a
/// clean session after every failure, and a catalog that fails closed.
@Suite(.serialized) struct DuckDBEngineLeaseTests {
    static func engine(_ dir: String, environment extra: [String: String] = [:]) throws -> DuckDBEngine {
        let target = Target(
            name: "local", adapter: DuckDBAdapter(), schema: "main", database: "db", threads: 8,
            settings: ["path": .string(dir + "/db.duckdb")])
        var env = ProcessInfo.processInfo.environment
        env["SWIFTDBT_DUCKDB"] = try DuckDBTestSupport.executable().foundAt
        for (k, v) in extra { env[k] = v }
        return try DuckDBEngine(target: target, projectRoot: dir, environment: env, fileSystem: LocalFileSystem())
    }

    static func model(_ name: String, _ sql: String, materialized: String = "table", incremental: Bool = false) -> CompiledNode {
        var node = CompiledNode(
            uniqueId: "model.p.\(name)", name: name, resourceType: .model, packageName: "p", fqn: ["p", name],
            originalFilePath: "models/\(name).sql", path: "\(name).sql",
            config: NodeConfig(["materialized": .string(materialized), "unique_key": .string("id")]),
            relation: Relation(database: "db", schema: "main", identifier: name), compiledCode: sql)
        node.renderedIncremental = incremental
        return node
    }

    /// 24 nodes at once, every third one failing half-way through its transaction: every healthy one
    /// builds and holds its rows. Without a per-node lease, healthy statements ran inside a failed
    /// node's aborted transaction (or were rolled back with it).
    @Test func failingNodesDoNotFailTheirNeighbours() async throws {
        let dir = try DuckDBTestSupport.temporaryDirectory()
        let engine = try Self.engine(dir)
        _ = try await engine.existingRelations(schemas: [])
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<24 {
                let sql = i % 3 == 0 ? "select i, no_such_column from range(10) as t(i)" : "select i, \(i) as k from range(\(i + 1)) as t(i)"
                let node = Self.model("m\(i)", sql)
                group.addTask {
                    do {
                        _ = try await engine.build(node, options: BuildOptions(), log: StatementLog())
                        return (i, true)
                    } catch {
                        return (i, false)
                    }
                }
            }
            var out: [Int: Bool] = [:]
            for await (i, ok) in group { out[i] = ok }
            return out
        }
        for i in 0..<24 {
            #expect(outcomes[i] == (i % 3 != 0), "m\(i)")
        }
        for i in 0..<24 where i % 3 != 0 {
            let rows = try await engine.query("select count(*) as c from main.m\(i) where k = \(i)", limit: nil)
            #expect(rows.rows == [[.int(i + 1)]], "m\(i)")
        }
        await engine.close()
    }

    /// After a node fails inside its transaction, the next statement on the process runs outside
    /// any transaction (it could otherwise be rolled back with the failed node's work).
    @Test func theSessionIsCleanAfterAFailure() async throws {
        let dir = try DuckDBTestSupport.temporaryDirectory()
        let engine = try Self.engine(dir)
        _ = try await engine.existingRelations(schemas: [])
        let log = StatementLog()
        await #expect(throws: EngineError.self) {
            try await engine.build(Self.model("bad", "select missing from range(3)"), options: BuildOptions(), log: log)
        }
        #expect(log.all.last == "rollback")
        // `begin` is refused inside a transaction; here it must succeed.
        _ = try await engine.query("begin transaction", limit: nil)
        _ = try await engine.query("rollback", limit: nil)
        await engine.close()
    }

    /// A relation list that cannot be read is an error, never a shorter list.
    @Test func anUnreadableCatalogRowIsAnError() throws {
        var result = DuckDBResult()
        result.columns = ["table_catalog", "table_schema", "table_name", "table_type"]
        result.rows = [[.string("db"), .string("main"), .string("a"), .string("BASE TABLE")], [.string("db"), .null, .string("b"), .string("VIEW")]]
        #expect(throws: EngineError.self) { try DuckDBEngine.relations(in: result) }
        result.rows.removeLast()
        #expect(try DuckDBEngine.relations(in: result) == [Relation(database: "db", schema: "main", identifier: "a"): .table])
    }

    /// When the catalog cannot be read for an incremental model, the build fails and the table keeps its
    /// rows: an unknown relation is never taken for an absent one and rebuilt from scratch.
    @Test func anIncrementalModelIsNotRebuiltWhenItsExistenceIsUnknown() async throws {
        let dir = try DuckDBTestSupport.temporaryDirectory()
        let setup = try Self.engine(dir)
        _ = try await setup.build(
            Self.model("inc", "select i as id from range(5) as t(i)", materialized: "incremental"),
            options: BuildOptions(), log: StatementLog())
        await setup.close()
        let engine = try Self.engine(dir, environment: ["SWIFTDBT_TEST_FAIL": "from information_schema.tables"])
        await #expect(throws: EngineError.self) { try await engine.existingRelations(schemas: []) }
        let node = Self.model("inc", "select 100 as id", materialized: "incremental", incremental: false)
        await #expect(throws: EngineError.self) { try await engine.build(node, options: BuildOptions(), log: StatementLog()) }
        let rows = try await engine.query("select count(*) from main.inc", limit: nil)
        #expect(rows.rows == [[.int(5)]])
        await engine.close()
    }
}

/// Who holds a DuckDB lock, from a described process table.
struct DuckDBLockHolderTests {
    static let message = #"IO Error: Could not set lock on file "/p/t.duckdb": Conflicting lock is held in /v/duckdb (PID 4242). See also …"#

    static func table(_ procs: [Int32: (cmd: [String], parent: Int32)]) -> (String) -> String? {
        { path in
            if path == "/proc/self/stat" { return "1 (x) S 0" }
            let parts = path.split(separator: "/")
            guard parts.count == 3, let pid = Int32(parts[1]), let p = procs[pid] else { return nil }
            return parts[2] == "cmdline" ? p.cmd.joined(separator: "\0") + "\0" : "\(pid) (a) b) S \(p.parent) 1 1"
        }
    }

    @Test func aDuckDBOfALiveSwiftDBTRun() {
        let text = DuckDBLockHolder.explain(
            Self.message,
            read: Self.table([
                4242: (["/v/duckdb", "-json", "/p/t.duckdb"], 77), 77: (["/usr/bin/swiftdbt", "build"], 1),
            ]))
        #expect(text?.contains("the duckdb process of a swiftdbt run that is still alive: PID 77 (/usr/bin/swiftdbt build)") == true, "\(text ?? "")")
        #expect(text?.contains("kill -INT 77") == true)
    }

    @Test func anotherProgramOrAnOrphan() {
        let other = DuckDBLockHolder.explain(Self.message, read: Self.table([4242: (["/v/duckdb"], 9), 9: (["python3", "nb.py"], 1)]))
        #expect(other?.contains("its parent is PID 9 (python3 nb.py), not a swiftdbt run") == true, "\(other ?? "")")
        #expect(other?.contains("end it with `kill 4242`") == true)
        let orphan = DuckDBLockHolder.explain(Self.message, read: Self.table([4242: (["/v/duckdb"], 1)]))
        #expect(orphan?.contains("no live parent") == true, "\(orphan ?? "")")
        let gone = DuckDBLockHolder.explain(Self.message, read: Self.table([:]))
        #expect(gone?.contains("PID 4242 no longer runs") == true)
        #expect(DuckDBLockHolder.explain("IO Error: Cannot open file", read: Self.table([:])) == nil)
    }
}

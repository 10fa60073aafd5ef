import Foundation
import SDTestSupport
import Testing

@testable import SDDuckDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs against the real duckdb CLI (duckdb-cli 1.5.6 from PyPI). Value formats follow what the
/// CLI's `-json` mode prints (DuckDB docs, "Output Formats" of the CLI).
@Suite(.serialized) struct DuckDBProcessTests {
    @Test func columnsKeepTheirOrderAndValuesTheirTypes() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let r = try db.execute("select 3 as z, 'a' as a, 1.5::double as m, true as b, 42 as a")
        #expect(r.columns == ["z", "a", "m", "b", "a"])
        #expect(r.rows == [[.int(3), .string("a"), .double(1.5), .bool(true), .int(42)]])
    }

    @Test func nullIsNotTheStringNullAndNumbersAreNotStrings() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let r = try db.execute("select NULL as n, 'NULL' as s, 1 as i, '1' as t, ''::varchar as e")
        #expect(r.rows == [[.null, .string("NULL"), .int(1), .string("1"), .string("")]])
    }

    @Test func textSurvivesQuotesNewlinesTabsBackslashesAndUnicode() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let text = "line1\nline2 \"q\" 'single' \\ tab\there é € 😀 \u{1}"
        let literal = "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        let r = try db.execute("select \(literal) as v, 'ключ' as \"ключ\"")
        #expect(r.columns == ["v", "ключ"])
        #expect(r.rows == [[.string(text), .string("ключ")]])
    }

    @Test func specialNumbersNestedValuesAndWideIntegers() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let r = try db.execute(
            """
            select 'inf'::double a, -'inf'::double b, 9223372036854775807 c, 18446744073709551615::ubigint d,
                   2.50::decimal(5,2) e, [1, NULL] f, {'k': 'v', 'a': 2} g, date '2024-01-02' h
            """)
        let row = try #require(r.rows.first)
        #expect(row[0] == .double(.infinity))
        #expect(row[1] == .double(-.infinity))
        #expect(row[2] == .int(Int64.max))
        #expect(row[3] == .string("18446744073709551615"))
        #expect(row[4] == .string("2.50"))
        #expect(row[5] == .list([.int(1), .null]))
        #expect(row[6] == .object([DuckDBField("k", .string("v")), DuckDBField("a", .int(2))]))
        #expect(row[7] == .string("2024-01-02"))
        let nan = try db.execute("select 'nan'::double as x").scalar
        guard case .double(let d) = nan else {
            Issue.record("NaN came back as \(String(describing: nan))")
            return
        }
        #expect(d.isNaN)
    }

    @Test func aHundredThousandRowsArriveWhole() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let r = try db.execute("select range as i, 'row ' || range || chr(10) || 'x' as s from range(100000)")
        #expect(r.rows.count == 100_000)
        #expect(r.rows[99_999] == [.int(99_999), .string("row 99999\nx")])
        #expect(try db.execute("select 1 as one").rows == [[.int(1)]])
    }

    @Test func errorTextIsDuckDBsOwnAndStaysWithItsStatement() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        #expect(throws: DuckDBError.self) { try db.execute("select * from missing_table") }
        if let f = statementFailure(duckDBError { try db.execute("select * from missing_table") }) {
            #expect(f.message.hasPrefix("Catalog Error: Table with name missing_table does not exist!"))
            #expect(f.message.contains("LINE 1: select * from missing_table"))
            #expect(f.statement == "select * from missing_table")
            #expect(f.index == 0)
        }
        // The next call on the same process sees none of that error.
        #expect(try db.execute("select 2 as two").rows == [[.int(2)]])
        // The driver ends the statement with the `;` the CLI needs, so DuckDB's caret points at it,
        // just as when a user types `select 1 +;` into the CLI.
        if let f = statementFailure(duckDBError { try db.execute("select 1 +") }) {
            #expect(f.message == "Parser Error: syntax error at or near \";\"\n\nLINE 1: select 1 +;\n                  ^")
        }
        #expect(try db.execute("select 4 as four -- a comment").rows == [[.int(4)]])
        #expect(try db.execute("select 3 as three").rows == [[.int(3)]])
    }

    @Test func aScriptStopsAtItsFirstFailingStatement() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let error = duckDBError { try db.execute("create table a(x int);\nselect * from nope;\ninsert into a values (1);") }
        if let f = statementFailure(error) {
            #expect(f.message.hasPrefix("Catalog Error: Table with name nope does not exist!"))
            #expect(f.statement == "select * from nope")
            #expect(f.index == 1)
        }
        // The statement before the failure took effect, the one after it never ran.
        #expect(try db.execute("select count(*) as n from a").rows == [[.int(0)]])
        let sets = try db.executeScript("select 1 as a; create table b(y int); select 'x' as b, 2 as c")
        #expect(
            sets == [
                DuckDBResult(columns: ["a"], rows: [[.int(1)]]),
                DuckDBResult(),
                DuckDBResult(columns: ["b", "c"], rows: [[.string("x"), .int(2)]]),
            ])
    }

    @Test func executeEachStopsAtTheFirstFailure() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let error = duckDBError {
            try db.executeEach([
                "create table t(x int)", "insert into t values (1)", "insert into t values ('not a number')",
                "insert into t values (3)",
            ])
        }
        if let f = statementFailure(error) {
            #expect(f.index == 2)
            #expect(f.statement == "insert into t values ('not a number')")
            #expect(f.message.hasPrefix("Conversion Error: Could not convert string 'not a number' to INT32"))
        }
        #expect(try db.execute("select count(*) from t").scalar == .int(1))
    }

    @Test func textThatWouldHangTheCLIIsRefusedAndTheProcessGoesOn() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        #expect(throws: DuckDBError.incompleteStatement(reason: "unterminated string literal starting on line 1", statement: "select 'abc")) {
            try db.execute("select 'abc")
        }
        #expect(throws: DuckDBError.dotCommand(line: ".mode csv")) { try db.execute("select 1;\n.mode csv\nselect 2") }
        // No terminating semicolon, a trailing comment and a printed marker-like line are all fine.
        let r = try db.execute("select 'swiftdbt-end-1-2' || chr(10) || 'swiftdbt-end-1-2' as v -- done")
        #expect(r.rows == [[.string("swiftdbt-end-1-2\nswiftdbt-end-1-2")]])
        #expect(try db.execute("select $$a;\nb$$ as v;").rows == [[.string("a;\nb")]])
    }

    @Test func describeGivesNamesAndTypesOfAnEmptyResult() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let q = "select 1::integer as a, 'x' as b, 2.5::decimal(10,2) as c where false;"
        #expect(try db.execute(q) == DuckDBResult())
        #expect(
            try db.describe(q) == [
                DuckDBColumn(name: "a", type: "INTEGER"), DuckDBColumn(name: "b", type: "VARCHAR"),
                DuckDBColumn(name: "c", type: "DECIMAL(10,2)"),
            ])
    }

    @Test func interruptCancelsALongQueryAndKeepsTheProcess() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let started = Date()
        Thread.detachNewThread {
            box.set(Result { () throws(DuckDBError) in try db.execute("select count(*) from range(10000000000)") })
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.5)
        db.interrupt()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(Date().timeIntervalSince(started) < 5)
        guard case .failure(.interrupted(let statement))? = box.get() else {
            Issue.record("expected interrupted, got \(String(describing: box.get()))")
            return
        }
        #expect(statement == "select count(*) from range(10000000000)")
        #expect(try db.execute("select 42 as x").rows == [[.int(42)]])
        // An interrupt between statements is ignored and does not hurt the next statement.
        db.interrupt()
        #expect(try db.execute("select 43 as x").rows == [[.int(43)]])
    }

    @Test func cancellingTheTaskInterruptsTheStatement() async throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let task = Task { () async throws(DuckDBError) -> DuckDBResult in
            try await db.execute("select count(*) from range(10000000000)")
        }
        try await Task.sleep(for: .milliseconds(500))
        task.cancel()
        do {
            let value = try await task.value
            Issue.record("expected interrupted, got \(value)")
        } catch let error as DuckDBError {
            #expect(error == .interrupted(statement: "select count(*) from range(10000000000)"))
        }
        #expect(try await db.execute("select 7 as x").rows == [[.int(7)]])
    }

    @Test func aKilledProcessGivesAClearErrorNotAHang() throws {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.set(Result { () throws(DuckDBError) in try db.execute("select count(*) from range(10000000000)") })
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        kill(db.processIdentifier, SIGKILL)
        #expect(done.wait(timeout: .now() + 10) == .success)
        guard case .failure(.processExited(let status, _))? = box.get() else {
            Issue.record("expected processExited, got \(String(describing: box.get()))")
            return
        }
        #expect(status != 0)
        #expect(throws: DuckDBError.self) { try db.execute("select 1") }
        #expect(DuckDBError.processExited(status: 9, stderr: "").description == "the duckdb process exited with status 9")
    }

    @Test func closeLeavesAConsistentFileThatReopens() throws {
        let dir = try DuckDBTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/dev.duckdb"
        let db = try DuckDBTestSupport.open(path)
        _ = try db.executeEach([
            "create table prices(symbol varchar, close decimal(10,2))",
            "insert into prices select 'S' || range, range / 4 from range(1000)",
        ])
        db.close()
        #expect(throws: DuckDBError.closed) { try db.execute("select 1") }
        let again = try DuckDBTestSupport.open(path)
        defer { again.close() }
        let r = try again.execute("select count(*) as n, sum(close)::varchar as s from prices")
        #expect(r.rows == [[.int(1000), .string("124875.00")]])
    }

    @Test func aDatabaseThatCannotBeOpenedSaysWhy() throws {
        let dir = try DuckDBTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = dir + "/no/such/dir/dev.duckdb"
        #expect(
            duckDBError { try DuckDBTestSupport.open(missing) }
                == .openFailed(database: missing, message: "IO Error: Cannot open file \"\(missing)\": No such file or directory"))
        // A second process on the same file meets DuckDB's lock.
        let path = dir + "/dev.duckdb"
        let first = try DuckDBTestSupport.open(path)
        defer { first.close() }
        guard case .openFailed(_, let message)? = duckDBError({ try DuckDBTestSupport.open(path) }) else {
            Issue.record("a locked database opened")
            return
        }
        #expect(message.hasPrefix("IO Error: Could not set lock on file \"\(path)\""))
    }

    @Test func statementsStayOutOfTheUsersHistoryFile() throws {
        let home = try DuckDBTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["DUCKDB_HISTORY"] = nil
        let modeBefore = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.posixPermissions] as? Int
        let db = try DuckDBProcess(executable: DuckDBTestSupport.executable(), database: ":memory:", environment: environment)
        #expect(try db.execute("select 'secret seed row' as v").rows == [[.string("secret seed row")]])
        db.close()
        #expect(!FileManager.default.fileExists(atPath: home + "/.duckdb_history"))
        // The CLI chmods its history file to 0600; pointing it at /dev/null would lock everyone else out.
        #expect(try FileManager.default.attributesOfItem(atPath: "/dev/null")[.posixPermissions] as? Int == modeBefore)
    }

    @Test func missingExecutableSaysWhereItLookedAndHowToInstall() {
        let fs = MemoryFileSystem()
        #expect(throws: DuckDBError.self) {
            try DuckDBExecutable.locate(explicitPath: nil, environment: ["PATH": "/usr/bin:/bin"], fileSystem: fs)
        }
        let missing = duckDBError { try DuckDBExecutable.locate(explicitPath: nil, environment: ["PATH": "/usr/bin:/bin"], fileSystem: fs) }
        do {
            #expect(
                missing?.description == """
                    the duckdb CLI was not found; looked in:
                      - $SWIFTDBT_DUCKDB: not set
                      - PATH: /usr/bin:/bin
                    install it with `pip install duckdb-cli` (then put it on PATH or set SWIFTDBT_DUCKDB), \
                    or run `make bootstrap` in the swiftdbt checkout
                    """)
        }
        #expect(
            duckDBError { try DuckDBExecutable.locate(explicitPath: "/opt/duckdb", environment: [:], fileSystem: fs) }
                == .executableNotFound(searched: ["duckdb_path /opt/duckdb (from the profile): no such file"]))
    }

    @Test func lookupOrderAndThePipLauncher() throws {
        let fs = MemoryFileSystem([
            "/a/duckdb": "", "/venv/bin/duckdb": "", "/venv/lib/python3.11/site-packages/duckdb_cli/duckdb": "", "/p/duckdb": "",
        ])
        #expect(
            try DuckDBExecutable.locate(explicitPath: "/a/duckdb", environment: ["SWIFTDBT_DUCKDB": "/p/duckdb"], fileSystem: fs)
                == DuckDBExecutable(path: "/a/duckdb"))
        #expect(
            try DuckDBExecutable.locate(explicitPath: nil, environment: ["SWIFTDBT_DUCKDB": "/venv/bin/duckdb"], fileSystem: fs)
                == DuckDBExecutable(path: "/venv/lib/python3.11/site-packages/duckdb_cli/duckdb", foundAt: "/venv/bin/duckdb"))
        #expect(
            try DuckDBExecutable.locate(explicitPath: nil, environment: ["SWIFTDBT_DUCKDB": "/nope", "PATH": "/x:/p"], fileSystem: fs)
                == DuckDBExecutable(path: "/p/duckdb"))
    }
}

/// Hands a result from a worker thread to the test.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<DuckDBResult, DuckDBError>?
    func set(_ v: Result<DuckDBResult, DuckDBError>) {
        lock.lock()
        value = v
        lock.unlock()
    }
    func get() -> Result<DuckDBResult, DuckDBError>? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

import Foundation
import Testing

/// Snapshots on DuckDB through the real binary (issue 17 item 4): history kept across builds with
/// updates and deletes in each hard_deletes mode, checked row by row; a failed snapshot leaves the
/// history as it was; `swiftdbt snapshot --select`; refs and data tests on snapshots; positioned
/// config errors.
@Suite("snapshots on DuckDB", .serialized)
struct SnapshotCommandTests {
    /// The source in three states: (1) ids 1–3; (2) 1 updated, 3 deleted, 4 new; (3) 2 updated,
    /// 3 back with a new status, 4 deleted.
    static let states = [
        "id,status,updated_at\n1,a,2024-01-01\n2,b,2024-01-01\n3,c,2024-01-01\n",
        "id,status,updated_at\n1,a2,2024-01-02\n2,b,2024-01-01\n4,d,2024-01-02\n",
        "id,status,updated_at\n1,a2,2024-01-02\n2,b2,2024-01-03\n3,c2,2024-01-03\n",
    ]

    /// Three snapshots of one seed, one per hard_deletes mode: a `<< snapshot >>` block (timestamp,
    /// ignore), a YAML snapshot (timestamp, invalidate), and a block with the check strategy and
    /// new_record whose config comes from project.yml's `snapshots:`; a model reads one of them.
    static func project() throws -> TempProject {
        try TempProject(files: [
            "project.yml": """
            name: proj
            profile: proj
            snapshots:
              proj:
                checked:
                  +strategy: check
                  +check_cols: [status]
                  +hard_deletes: new_record

            """,
            "seeds/orders.csv": states[0],
            "seeds/orders.yml": "seeds:\n  - name: orders\n    config:\n      column_types: {updated_at: timestamp}\n",
            "snapshots/snap_ignore.sql": """
            << snapshot snap_ignore >>
            << config(unique_key='id', strategy='timestamp', updated_at='updated_at') >>
            select * from << ref('orders') >>
            << endsnapshot >>

            """,
            "snapshots/checked/snap_new.sql": """
            << snapshot snap_new >>
            << config(unique_key=['id']) >>
            select id, status from << ref('orders') >>
            << endsnapshot >>

            """,
            "snapshots/snapshots.yml": """
            snapshots:
              - name: snap_invalidate
                relation: ref('orders')
                config:
                  unique_key: id
                  strategy: timestamp
                  updated_at: updated_at
                  hard_deletes: invalidate
              - name: snap_ignore
                columns:
                  - name: id
                    data_tests: [not_null]

            """,
            "models/current_orders.sql": "select id, status from << ref('snap_ignore') >> where dbt_valid_to is null\n",
        ])
    }

    /// Each row as `id,status,from,to`: timestamps as written in the source, `run` for the
    /// snapshot's own time (a delete under the timestamp strategy), empty for null.
    static func timestampHistory(_ p: TempProject, _ table: String) async throws -> [String] {
        func show(_ c: String) -> String {
            "case when \(c) is null then '' when \(c) > timestamp '2025-01-01' then 'run' else strftime(\(c), '%Y-%m-%d') end"
        }
        return try await p.query(
            """
            select id, status, \(show("dbt_valid_from")) as f, \(show("dbt_valid_to")) as t from main.\(table)
            order by id, dbt_valid_from
            """
        ).dropFirst().map { $0 }
    }

    @Test func historyAcrossThreeBuildsInEachHardDeletesMode() async throws {
        let p = try Self.project()
        var logs: [String] = []
        for (i, state) in Self.states.enumerated() {
            try p.write("seeds/orders.csv", state)
            let r = try await CLI.swiftdbt(["build"], in: p)
            #expect(r.status == 0, "build \(i + 1): \(r.stdout)\(r.stderr)")
            logs.append(r.stdout)
        }
        #expect(logs[0].contains("START snapshot main.snap_ignore"))
        #expect(logs[0].contains("OK snapshotted main.snap_ignore"))
        #expect(logs[0].contains("[SUCCESS 3 in "))
        // Build 2 closes 1, inserts 1 and 4 (3's delete is ignored): three changes.
        #expect(logs[1].range(of: #"OK snapshotted main\.snap_ignore \.+ \[SUCCESS 3 in"#, options: .regularExpression) != nil, "\(logs[1])")

        #expect(
            try await Self.timestampHistory(p, "snap_ignore") == [
                "1,a,2024-01-01,2024-01-02", "1,a2,2024-01-02,",
                "2,b,2024-01-01,2024-01-03", "2,b2,2024-01-03,",
                // ignore: 3 stayed current while deleted; its return is a change like any other.
                "3,c,2024-01-01,2024-01-03", "3,c2,2024-01-03,",
                "4,d,2024-01-02,",
            ])
        #expect(
            try await Self.timestampHistory(p, "snap_invalidate") == [
                "1,a,2024-01-01,2024-01-02", "1,a2,2024-01-02,",
                "2,b,2024-01-01,2024-01-03", "2,b2,2024-01-03,",
                // invalidate: closed at the run that saw it gone; back as a new current row, from the run
                // that saw it back (its updated_at, 2024-01-03, is earlier than the run that saw it gone).
                "3,c,2024-01-01,run", "3,c2,run,",
                "4,d,2024-01-02,run",
            ])
        // new_record with the check strategy: times are the runs', numbered 1–3 here.
        let newRecord = try await p.query(
            """
            with runs as (select t, row_number() over (order by t) as n from (select distinct dbt_valid_from as t from main.snap_new))
            select s.id, s.status, s.dbt_is_deleted, f.n as f, coalesce(cast(t.n as varchar), '') as t
            from main.snap_new s join runs f on s.dbt_valid_from = f.t left join runs t on s.dbt_valid_to = t.t
            order by s.id, f.n
            """)
        #expect(
            newRecord.dropFirst().map { $0 } == [
                "1,a,False,1,2", "1,a2,False,2,",
                "2,b,False,1,3", "2,b2,False,3,",
                "3,c,False,1,2", "3,c,True,2,3", "3,c2,False,3,",
                "4,d,False,2,3", "4,d,True,3,",
            ])
        // dbt_scd_id is md5(key | dbt_updated_at) and dbt_updated_at is the source's updated_at.
        #expect(
            try await p.query(
                """
                select count(*) from main.snap_ignore
                where dbt_scd_id <> md5(cast(id as varchar) || '|' || cast(dbt_updated_at as varchar)) or dbt_updated_at <> updated_at
                """) == ["count_star()", "0"])
        // A model refs the snapshot and is built after it; the snapshot's data test ran.
        #expect(try await p.query("select id, status from main.current_orders order by id").dropFirst().map { $0 } == ["1,a2", "2,b2", "3,c2", "4,d"])
        #expect(logs[2].contains("PASS not_null_snap_ignore_id"))
        // Each snapshot's compiled SQL and statements under its own name, also the YAML one.
        #expect(try p.read("target/compiled/proj/snapshots/snap_invalidate.sql").contains(#"from "test"."main"."orders""#))
        #expect(try p.read("target/run/proj/snapshots/snap_invalidate.sql").contains("merge into"))
        #expect(try p.read("target/run/proj/snapshots/checked/snap_new.sql").contains("merge into"))
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest", "run_results"], "snapshot build")
        let manifest = try p.read("target/manifest.json")
        #expect(manifest.contains(#""snapshot.proj.snap_invalidate""#))
        #expect(manifest.contains(#""resource_type": "snapshot""#) || manifest.contains(#""resource_type":"snapshot""#))
    }

    /// A key deleted and back with the same `updated_at` (timestamp strategy): its old rows stay
    /// closed, it gets a new current row from the run that saw it back, and the gap (invalidate) or
    /// the deletion record (new_record) stays in the history; a fourth run with the same source
    /// changes nothing. Before, the new row took the old row's `dbt_scd_id` and the MERGE reopened it.
    @Test func aKeyBackWithTheSameUpdatedAtKeepsItsHistory() async throws {
        let p = try TempProject(files: [
            "seeds/orders.csv": "id,status,updated_at\n1,a,2024-01-01\n2,b,2024-01-01\n",
            "seeds/orders.yml": "seeds:\n  - name: orders\n    config:\n      column_types: {updated_at: timestamp}\n",
            "snapshots/s.yml": """
            snapshots:
              - name: snap_inv
                relation: ref('orders')
                config: {unique_key: id, strategy: timestamp, updated_at: updated_at, hard_deletes: invalidate}
              - name: snap_new
                relation: ref('orders')
                config: {unique_key: id, strategy: timestamp, updated_at: updated_at, hard_deletes: new_record}

            """,
        ])
        let states = ["id,status,updated_at\n1,a,2024-01-01\n2,b,2024-01-01\n", "id,status,updated_at\n1,a,2024-01-01\n"]
        var last = ""
        for (i, state) in [states[0], states[1], states[0], states[0]].enumerated() {
            try p.write("seeds/orders.csv", state)
            let r = try await CLI.swiftdbt(["build"], in: p)
            #expect(r.status == 0, "build \(i + 1): \(r.stdout)\(r.stderr)")
            last = r.stdout
        }
        #expect(last.range(of: #"OK snapshotted main\.snap_inv \.+ \[SUCCESS 0 in"#, options: .regularExpression) != nil, "\(last)")
        /// `id,status[,deleted],from,to`: source times as dates, the snapshot's own times as r1, r2 (the runs that saw a change).
        func history(_ table: String, deleted: Bool) async throws -> [String] {
            let time = { (c: String) in
                """
                case when \(c) is null then '' when \(c) < timestamp '2025-01-01' then strftime(\(c), '%Y-%m-%d')
                else 'r' || (select n from runs where t = \(c)) end
                """
            }
            return try await p.query(
                """
                with runs as (select t, cast(dense_rank() over (order by t) as varchar) as n
                  from (select dbt_valid_from as t from main.\(table) union select dbt_valid_to from main.\(table)) where t > timestamp '2025-01-01')
                select id, status, \(deleted ? "dbt_is_deleted, " : "")\(time("dbt_valid_from")) as f, \(time("dbt_valid_to")) as v
                from main.\(table) order by id, dbt_valid_from
                """
            ).dropFirst().map { $0 }
        }
        #expect(try await history("snap_inv", deleted: false) == ["1,a,2024-01-01,", "2,b,2024-01-01,r1", "2,b,r2,"])
        #expect(
            try await history("snap_new", deleted: true) == [
                "1,a,False,2024-01-01,", "2,b,False,2024-01-01,r1", "2,b,True,r1,r2", "2,b,False,r2,",
            ])
        for table in ["snap_inv", "snap_new"] {
            // Every version has its own id, and no two versions of a key overlap in time.
            #expect(try await p.query("select count(*) = count(distinct dbt_scd_id) as ids from main.\(table)") == ["ids", "true"], "\(table)")
            #expect(
                try await p.query(
                    """
                    select count(*) from main.\(table) a join main.\(table) b on a.id = b.id and a.dbt_scd_id < b.dbt_scd_id
                    and a.dbt_valid_from < coalesce(b.dbt_valid_to, timestamp '9999-01-01')
                    and b.dbt_valid_from < coalesce(a.dbt_valid_to, timestamp '9999-01-01')
                    """) == ["count_star()", "0"], "\(table)")
        }
    }

    @Test func failedSnapshotKeepsTheHistory() async throws {
        let p = try Self.project()
        var r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let before = try await p.query("select * from main.snap_ignore order by all")
        // A changed source with a new column: the column is added, the changes staged, then the MERGE fails.
        try p.write("seeds/orders.csv", "id,status,updated_at,note\n1,a2,2024-01-02,x\n2,b,2024-01-01,y\n")
        r = try await CLI.swiftdbt(["build"], in: p, env: ["SWIFTDBT_TEST_FAIL": "merge into"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("ERROR snapshotting main.snap_ignore"), "\(r.stdout)")
        let statements = try p.read("target/run/proj/snapshots/snap_ignore.sql")
        #expect(statements.contains("add column"), "the failure came after the history was altered:\n\(statements)")
        #expect(try await p.query("select * from main.snap_ignore order by all") == before)
        // Without the fault, the same build records the change and the new column.
        r = try await CLI.swiftdbt(["snapshot", "--select", "snap_ignore"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(
            try await p.query("select id, status, coalesce(note, ''), dbt_valid_to is null from main.snap_ignore order by id, dbt_valid_from").dropFirst().map {
                $0
            }
                == ["1,a,,false", "1,a2,x,true", "2,b,,true", "3,c,,true"])
    }

    @Test func snapshotCommandRunsOnlySelectedSnapshots() async throws {
        let p = try Self.project()
        var r = try await CLI.swiftdbt(["seed"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        r = try await CLI.swiftdbt(["snapshot", "-s", "snap_invalidate", "--log-format", "json"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("1 of 1 START snapshot main.snap_invalidate"), "\(r.stdout)")
        // dbt's event for a finished snapshot: LogSnapshotResult (Q015).
        let result = r.stdout.split(separator: "\n").first { $0.contains(#""name":"LogSnapshotResult""#) }
        #expect(result?.contains(#""code":"Q015""#) == true && result?.contains("OK snapshotted main.snap_invalidate") == true, "\(r.stdout)")
        let results = try p.read("target/run_results.json")
        #expect(results.contains("snapshot.proj.snap_invalidate") && !results.contains("snapshot.proj.snap_ignore"))
        #expect(results.contains(#""which": "snapshot""#) || results.contains(#""which":"snapshot""#))
        #expect(try await p.query("select count(*) from main.snap_invalidate") == ["count_star()", "3"])
        #expect(try await p.query("select count(*) from information_schema.tables where table_name = 'snap_ignore'") == ["count_star()", "0"])
    }

    /// `build --empty` must not feed a snapshot zero rows: with hard_deletes that would close every row.
    @Test func buildEmptyLeavesSnapshotsOut() async throws {
        let p = try Self.project()
        var r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        r = try await CLI.swiftdbt(["build", "--empty"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("--empty leaves out snapshots (snap_ignore, snap_invalidate, snap_new)"), "\(r.stderr)")
        #expect(!r.stdout.contains("snapshotted"), "\(r.stdout)")
        #expect(try await p.query("select count(*) from main.snap_invalidate where dbt_valid_to is null") == ["count_star()", "3"])
    }

    /// A two-column key, `check_cols: all`, renamed history columns, `dbt_valid_to_current` and
    /// `target_schema`, across two runs.
    @Test func renamedColumnsValidToCurrentAndTargetSchema() async throws {
        let p = try TempProject(files: [
            "seeds/prices.csv": "region,sku,price\neu,1,10\nus,1,12\n",
            "snapshots/prices.yml": """
            snapshots:
              - name: price_history
                relation: ref('prices')
                config:
                  unique_key: [region, sku]
                  strategy: check
                  check_cols: all
                  target_schema: history
                  dbt_valid_to_current: "timestamp '9999-12-31'"
                  snapshot_meta_column_names: {dbt_valid_from: valid_from, dbt_valid_to: valid_to, dbt_scd_id: version_id}

            """,
        ])
        var r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        try p.write("seeds/prices.csv", "region,sku,price\neu,1,11\nus,1,12\n")
        r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("OK snapshotted history.price_history"), "\(r.stdout)")
        let rows = try await p.query(
            """
            select region, sku, price, valid_to = timestamp '9999-12-31' as current, valid_from <= valid_to as ordered,
            version_id is not null as has_id, dbt_updated_at = valid_from as same_time
            from history.price_history order by region, valid_from
            """)
        #expect(
            rows == [
                "region,sku,price,current,ordered,has_id,same_time",
                "eu,1,10,false,true,true,true", "eu,1,11,true,true,true,true", "us,1,12,true,true,true,true",
            ])
    }

    @Test func invalidConfigsArePositionedErrors() async throws {
        let p = try TempProject(files: [
            "models/m.sql": "select 1 as id\n",
            "snapshots/bad.sql": """
            << snapshot no_key >>
            << config(strategy='timestamp', updated_at='u') >>
            select * from << ref('m') >>
            << endsnapshot >>
            << snapshot bad_strategy >>
            << config(unique_key='id', strategy='timestmap') >>
            select * from << ref('m') >>
            << endsnapshot >>

            """,
            "snapshots/s.yml": """
            snapshots:
              - name: yaml_check
                relation: ref('m')
                config: {unique_key: id, strategy: check, hard_deletes: delete}
              - name: unclosed_relation
                relation: model_m

            """,
        ])
        let r = try await CLI.swiftdbt(["compile"], in: p)
        #expect(r.status == 1)
        let out = r.stderr + r.stdout
        #expect(out.contains("snapshots/bad.sql:1:13: error: snapshot 'no_key' needs a unique_key"), "\(out)")
        #expect(out.contains("snapshots/bad.sql:6:37: error: unknown snapshot strategy 'timestmap'"), "\(out)")
        #expect(out.contains("did you mean 'timestamp'"), "\(out)")
        // At the key that asks for what is missing, and at the wrong value's key.
        #expect(out.contains("snapshots/s.yml:4:30: error: snapshot 'yaml_check' uses the check strategy but sets no check_cols"), "\(out)")
        #expect(out.contains("snapshots/s.yml:4:47: error: unknown hard_deletes 'delete'"), "\(out)")
        #expect(
            out.contains("snapshots/s.yml:6:15: error: 'relation' of snapshot 'unclosed_relation' must be ref('model') or source('source', 'table')"), "\(out)")
    }
}

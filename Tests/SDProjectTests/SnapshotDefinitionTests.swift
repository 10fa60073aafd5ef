import SDBasics
import Testing

@testable import SDProject

/// Snapshot blocks and configs (issue 17 item 4): the block's body keeps its positions in the file,
/// mistakes are errors where they are written, and the config reads as dbt documents it.
@Suite("snapshot definitions")
struct SnapshotDefinitionTests {
    static func file(_ text: String, path: String = "snapshots/s.sql") -> ProjectFile {
        ProjectFile(name: "s", path: path, relativePath: "s.sql", folders: [], file: SourceFile(path: path, text: text))
    }

    static func rendered(_ bag: DiagnosticBag) -> String { DiagnosticRenderer(colour: false).render(bag.diagnostics) }

    @Test func twoBlocksKeepTheirBodiesAtTheirPositions() {
        let text = "<< snapshot a >>\nselect 1 as id\n<< endsnapshot >>\n\n<< snapshot b >>\nselect 2 as id\n<< endsnapshot >>\n"
        var bag = DiagnosticBag()
        let blocks = SnapshotBlocks.parse(Self.file(text), diagnostics: &bag)
        #expect(bag.diagnostics.isEmpty, "\(Self.rendered(bag))")
        #expect(blocks.map(\.name) == ["a", "b"])
        #expect(blocks.map(\.nameRange.text) == ["a", "b"])
        // Same length, same lines; only this block's body is left.
        #expect(blocks.allSatisfy { $0.body.text.utf8.count == text.utf8.count })
        #expect(blocks[0].body.text.trimmingCharacters(in: .whitespacesAndNewlines) == "select 1 as id")
        #expect(blocks[1].body.text.trimmingCharacters(in: .whitespacesAndNewlines) == "select 2 as id")
        #expect(blocks[1].body.text.split(separator: "\n", omittingEmptySubsequences: false)[5] == "select 2 as id")
    }

    @Test func mistakesAreErrorsWhereTheyAreWritten() {
        var bag = DiagnosticBag()
        _ = SnapshotBlocks.parse(Self.file("<< snapshot a >>\nselect 1\n"), diagnostics: &bag)
        #expect(Self.rendered(bag).hasPrefix("snapshots/s.sql:1:1: error: snapshot 'a' is never closed"), "\(Self.rendered(bag))")
        bag = DiagnosticBag()
        _ = SnapshotBlocks.parse(Self.file("<< snapshot a >>\nselect 1\n<< endsnapshot >>\nselect 2\n"), diagnostics: &bag)
        #expect(Self.rendered(bag).hasPrefix("snapshots/s.sql:4:1: error: text outside a snapshot block"), "\(Self.rendered(bag))")
        bag = DiagnosticBag()
        _ = SnapshotBlocks.parse(Self.file("{% snapshot old %}\nselect 1\n{% endsnapshot %}\n"), diagnostics: &bag)
        #expect(Self.rendered(bag).contains("hint: replace {% snapshot old %} with << snapshot old >>"), "\(Self.rendered(bag))")
    }

    @Test func configReadsAsDbtDocumentsIt() {
        var bag = DiagnosticBag()
        let spec = SnapshotSpec.read(
            NodeConfig([
                "unique_key": ["id", "region"], "strategy": "check", "check_cols": "all", "invalidate_hard_deletes": true,
                "snapshot_meta_column_names": ["dbt_valid_from": "valid_from"], "dbt_valid_to_current": "date '9999-12-31'",
            ]), name: "s", ranges: [:], fallback: nil, diagnostics: &bag)
        #expect(bag.diagnostics.isEmpty)
        #expect(spec?.uniqueKey == ["id", "region"])
        #expect(spec?.strategy == .check(columns: nil))
        #expect(spec?.hardDeletes == .invalidate)
        #expect(spec?.columns.validFrom == "valid_from" && spec?.columns.validTo == "dbt_valid_to")
        #expect(spec?.validToCurrent == "date '9999-12-31'")
        // hard_deletes wins over the legacy flag.
        let newer = SnapshotSpec.read(
            NodeConfig(["unique_key": "id", "strategy": "timestamp", "updated_at": "u", "hard_deletes": "new_record", "invalidate_hard_deletes": true]),
            name: "s", ranges: [:], fallback: nil, diagnostics: &bag)
        #expect(newer?.hardDeletes == .newRecord && newer?.strategy == .timestamp(updatedAt: "u"))
    }

    @Test func everyMissingOrInvalidKeyIsReported() {
        let yaml = SourceFile(path: "snapshots/s.yml", text: "strategy: timestmap\nhard_deletes: drop\n")
        // ASCII text: a character offset is a byte offset.
        let at = { (t: String) -> SourceRange in
            let start = yaml.text.range(of: t).map { yaml.text.distance(from: yaml.text.startIndex, to: $0.lowerBound) } ?? 0
            return SourceRange(file: yaml, bytes: start..<(start + t.utf8.count))
        }
        var bag = DiagnosticBag()
        let spec = SnapshotSpec.read(
            NodeConfig(["strategy": "timestmap", "hard_deletes": "drop"]), name: "s",
            ranges: ["strategy": at("strategy"), "hard_deletes": at("hard_deletes")], fallback: at("strategy"), diagnostics: &bag)
        #expect(spec == nil)
        #expect(
            bag.diagnostics.map(\.message) == [
                "snapshot 's' needs a unique_key", "unknown snapshot strategy 'timestmap'", "unknown hard_deletes 'drop'",
            ])
        #expect(bag.diagnostics.map { $0.range?.start.line } == [1, 1, 2])
        #expect(Self.rendered(bag).contains("did you mean 'timestamp'"))
        bag = DiagnosticBag()
        _ = SnapshotSpec.read(NodeConfig(["unique_key": "id", "strategy": "check"]), name: "s", ranges: [:], fallback: nil, diagnostics: &bag)
        #expect(bag.diagnostics.map(\.message) == ["snapshot 's' uses the check strategy but sets no check_cols"])
    }
}

import SDBasics
import SDCompiler
import SDGraph

extension Execution {
    /// `--empty` reads every ref and source as zero rows; a snapshot fed that would record every
    /// key as deleted (hard_deletes invalidate/new_record) or learn nothing, so the selected
    /// snapshots are left out of the run, with a warning that names them (docs/snapshots.md).
    func leaveOutSnapshotsWhenEmpty(_ ids: inout [String], _ compiled: CompiledProject) throws {
        guard empty else { return }
        let snapshots = ids.filter { compiled.nodes[$0]?.resourceType == .snapshot }
        guard !snapshots.isEmpty else { return }
        ids.removeAll { snapshots.contains($0) }
        var bag = DiagnosticBag()
        let names = snapshots.compactMap { compiled.nodes[$0]?.name }.sorted().joined(separator: ", ")
        bag.warning(
            "--empty leaves out snapshots (\(names)): an empty source would close every current row of their history",
            hint: "run them without --empty (swiftdbt snapshot) to record the source's rows")
        try session.report(bag)
    }
}

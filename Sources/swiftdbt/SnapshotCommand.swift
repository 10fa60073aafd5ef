import ArgumentParser
import SDEngine

/// `swiftdbt snapshot`: dbt's command of the same name (docs.getdbt.com, "About dbt snapshot
/// command"), with its options: selection and threads, no `--full-refresh` (a snapshot's history is
/// never rebuilt) and no `--empty`.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.snapshot.rawValue, abstract: "Record the history of the selected snapshots.",
        discussion: """
            Examples:
              swiftdbt snapshot                          # every snapshot
              swiftdbt snapshot -s orders_snapshot       # one snapshot
              swiftdbt build                             # snapshots too, in DAG order with models and tests
            """)
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        try await Execution(command: .snapshot, session: Session(project), selection: selection, execution: execution).run()
    }
}

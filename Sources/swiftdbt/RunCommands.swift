import ArgumentParser
import SDEngine

// Each command takes the options dbt's command of the same name takes (docs.getdbt.com, "Command
// reference"): `--indirect-selection` only where tests are selected (build, test), `--full-refresh`
// not on test, `--empty` only on run and build.

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.run.rawValue, abstract: "Build the selected models in DAG order.",
        discussion: """
            Examples:
              swiftdbt run                               # every model
              swiftdbt run -s stg_orders+ --fail-fast    # stg_orders and its descendants; stop at the first error
              swiftdbt run --empty --target dev          # build every model from zero-row inputs
            """)
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var refresh: FullRefreshOptions
    @OptionGroup var empty: EmptyOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        try await Execution(
            command: .run, session: Session(project), selection: selection, fullRefresh: refresh.fullRefresh,
            empty: empty.empty, execution: execution
        ).run()
    }
}

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.seed.rawValue, abstract: "Load the selected seeds (CSV files) into the target.",
        discussion: """
            Examples:
              swiftdbt seed                          # every CSV under seeds/
              swiftdbt seed -s country_codes         # one seed
              swiftdbt seed --full-refresh           # drop and reload (a changed column)
            """)
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var refresh: FullRefreshOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        try await Execution(
            command: .seed, session: Session(project), selection: selection, fullRefresh: refresh.fullRefresh,
            execution: execution
        ).run()
    }
}

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.build.rawValue, abstract: "Load seeds and build models (and run their tests) in DAG order.",
        discussion: """
            Examples:
              swiftdbt build                                     # seeds, models and tests, in DAG order
              swiftdbt build -s +fct_orders --indirect-selection cautious
              swiftdbt build --warn-error -x                     # any warning fails; stop at the first failure
            """)
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var indirect: IndirectSelectionOptions
    @OptionGroup var refresh: FullRefreshOptions
    @OptionGroup var empty: EmptyOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var kinds: ResourceTypeOptions

    func run() async throws {
        try await Execution(
            command: .build, session: Session(project), selection: selection, indirect: indirect.indirectSelection,
            fullRefresh: refresh.fullRefresh, empty: empty.empty, execution: execution,
            keepKinds: kinds.resourceType, dropKinds: kinds.excludeResourceType
        ).run()
    }
}

struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.test.rawValue, abstract: "Run the data tests of the selected nodes.",
        discussion: """
            Examples:
              swiftdbt test                              # every data test
              swiftdbt test -s stg_orders                # the tests on stg_orders (and those touching it)
              swiftdbt test -s stg_orders --indirect-selection cautious
              swiftdbt test --resource-type unit_test     # dbt's unit tests alone
            """)
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var indirect: IndirectSelectionOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var kinds: ResourceTypeOptions

    func run() async throws {
        try await Execution(
            command: .test, session: Session(project), selection: selection, indirect: indirect.indirectSelection,
            execution: execution,
            keepKinds: kinds.resourceType, dropKinds: kinds.excludeResourceType
        ).run()
    }
}

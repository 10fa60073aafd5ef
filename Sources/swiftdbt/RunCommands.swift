import ArgumentParser
import SDEngine

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.run.rawValue, abstract: "Build the selected models in DAG order.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        try await Execution(command: .run, session: Session(project), selection: selection, execution: execution).run()
    }
}

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.seed.rawValue, abstract: "Load the selected seeds (CSV files) into the target.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        try await Execution(command: .seed, session: Session(project), selection: selection, execution: execution).run()
    }
}

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.build.rawValue, abstract: "Load seeds and build models (and run their tests) in DAG order.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        try await Execution(command: .build, session: Session(project), selection: selection, execution: execution).run()
    }
}

struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecutionCommand.test.rawValue, abstract: "Run the data tests of the selected nodes.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        try await Execution(command: .test, session: Session(project), selection: selection, execution: execution).run()
    }
}

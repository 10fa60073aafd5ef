import ArgumentParser

@main
struct SwiftDBT: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftdbt",
        abstract: "Compile and run SQL models on Amazon Athena and DuckDB.",
        version: swiftdbtVersion,
        subcommands: [CompileCommand.self, RunCommand.self, SeedCommand.self, BuildCommand.self, TestCommand.self, ShowCommand.self, ListCommand.self, DocsCommand.self, DebugCommand.self, CleanCommand.self, StreamingCommand.self])
}

import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDGraph

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List the nodes a selection picks.",
        discussion: """
            Examples:
              swiftdbt ls -s tag:nightly                 # selectors as dbt prints them
              swiftdbt ls --resource-type seed --output name
              swiftdbt ls --output json --output-keys name resource_type
            """,
        aliases: ["list"])

    enum OutputKind: String, ExpressibleByArgument { case selector, name, path, json }

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var indirect: IndirectSelectionOptions

    @Option(name: [.short, .long], help: "selector (default), name, path or json.")
    var output: OutputKind = .selector

    @Option(name: .customLong("resource-type"), parsing: .upToNextOption, help: "Keep only these kinds (model, seed, source, test, …).")
    var resourceType: [String] = []

    @Option(name: .customLong("exclude-resource-type"), parsing: .upToNextOption, help: "Leave out these kinds (e.g. unit_test).")
    var excludeResourceType: [String] = []

    @Option(
        name: .customLong("output-keys"), parsing: .upToNextOption,
        help: "With --output json, only these keys of each node (e.g. --output-keys name resource_type).")
    var outputKeys: [String] = []

    /// The keys `--output json` writes, in dbt's names.
    static let jsonKeys = ["alias", "config", "depends_on", "name", "original_file_path", "package_name", "resource_type", "tags", "unique_id"]

    func validate() throws {
        if !outputKeys.isEmpty && output != .json {
            throw ValidationError("--output-keys applies only to --output json")
        }
    }

    func run() async throws {
        let session = Session(project)
        let loaded = try session.load()
        let (_, compiled) = try session.parse(loaded)
        defer { ExitKeeper.keep(compiled) }
        var types: Set<ResourceType>? = nil
        if !resourceType.isEmpty || !excludeResourceType.isEmpty {
            var bag = DiagnosticBag()
            for t in resourceType + excludeResourceType where !ResourceType.known.map(\.rawValue).contains(t) {
                bag.append(
                    Diagnostic.error("unknown resource type '\(t)'", path: "--resource-type")
                        .suggesting(t, from: ResourceType.known.map(\.rawValue)))
            }
            try session.report(bag)
            if !resourceType.isEmpty { types = Set(resourceType.map { ResourceType(rawValue: $0) }) }
        }
        if !excludeResourceType.isEmpty {
            types = (types ?? Set(ResourceType.known)).subtracting(excludeResourceType.map { ResourceType(rawValue: $0) })
        }
        // Split on commas too: `--output-keys "name,tags"` is how some dbt users write it.
        let keys = outputKeys.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        var keyBag = DiagnosticBag()
        for k in keys where !ListCommand.jsonKeys.contains(k) {
            keyBag.append(
                Diagnostic.error(
                    "unknown output key '\(k)'", path: "--output-keys",
                    hint: "the keys are: \(ListCommand.jsonKeys.joined(separator: ", "))"
                )
                .suggesting(k, from: ListCommand.jsonKeys))
        }
        try session.report(keyBag)
        let ids = try session.select(compiled, selection, indirect: indirect.indirectSelection, types: types)
        let sorted = ids.sorted()
        var out = ""
        for id in sorted {
            guard let n = compiled.nodes[id] else { continue }
            switch output {
            case .name: out += n.name + "\n"
            case .path: out += n.originalFilePath + "\n"
            case .selector:
                switch n.resourceType {
                case .source: out += "source:" + n.fqn.joined(separator: ".") + "\n"
                case .semanticModel, .metric, .savedQuery, .exposure: out += "\(n.resourceType.rawValue):\(n.packageName).\(n.name)\n"
                default: out += n.fqn.joined(separator: ".") + "\n"
                }
            case .json:
                var config = n.config.values
                config["materialized"] = .string(n.materialized)
                var o: JSONValue = [
                    "name": .string(n.name), "resource_type": .string(n.resourceType.rawValue),
                    "package_name": .string(n.packageName), "original_file_path": .string(n.originalFilePath),
                    "unique_id": .string(n.uniqueId), "alias": .string(n.relation?.identifier ?? n.name),
                    "config": .object(config), "tags": .array(n.config.tags.map { .string($0) }),
                    "depends_on": ["nodes": .array(n.dependsOn.map { .string($0) })],
                ]
                if !keys.isEmpty, case .object(let all) = o { o = .object(all.filter { keys.contains($0.key) }) }
                out += o.serialized(indent: 0) + "\n"
            }
        }
        Output.out(out)
    }
}

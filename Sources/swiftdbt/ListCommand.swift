import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDGraph

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List the nodes a selection picks.", aliases: ["list"])

    enum OutputKind: String, ExpressibleByArgument { case selector, name, path, json }

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: [.short, .long], help: "selector (default), name, path or json.")
    var output: OutputKind = .selector

    @Option(name: .customLong("resource-type"), parsing: .upToNextOption, help: "Keep only these kinds (model, seed, source, test, …).")
    var resourceType: [String] = []

    func run() async throws {
        let session = Session(project)
        let loaded = try session.load()
        let (_, compiled) = try session.parse(loaded)
        var types: Set<ResourceType>? = nil
        if !resourceType.isEmpty {
            var bag = DiagnosticBag()
            for t in resourceType where !ResourceType.known.map(\.rawValue).contains(t) {
                bag.append(Diagnostic.error("unknown resource type '\(t)'", path: "--resource-type")
                    .suggesting(t, from: ResourceType.known.map(\.rawValue)))
            }
            try session.report(bag)
            types = Set(resourceType.map { ResourceType(rawValue: $0) })
        }
        let ids = try session.select(compiled, selection, types: types)
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
                default: out += n.fqn.joined(separator: ".") + "\n"
                }
            case .json:
                var config = n.config.values
                config["materialized"] = .string(n.materialized)
                let o: JSONValue = [
                    "name": .string(n.name), "resource_type": .string(n.resourceType.rawValue),
                    "package_name": .string(n.packageName), "original_file_path": .string(n.originalFilePath),
                    "unique_id": .string(n.uniqueId), "alias": .string(n.relation?.identifier ?? n.name),
                    "config": .object(config), "tags": .array(n.config.tags.map { .string($0) }),
                    "depends_on": ["nodes": .array(n.dependsOn.map { .string($0) })],
                ]
                out += o.serialized(indent: 0) + "\n"
            }
        }
        Output.out(out)
    }
}

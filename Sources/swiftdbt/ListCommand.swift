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
        if try listFromLastCompile(session) { return }
        let loaded = try session.load()
        let (_, compiled) = try session.parse(loaded)
        defer { ExitKeeper.keep(compiled) }
        if !resourceType.isEmpty || !excludeResourceType.isEmpty {
            var bag = DiagnosticBag()
            for t in resourceType + excludeResourceType where !ResourceType.known.map(\.rawValue).contains(t) {
                bag.append(
                    Diagnostic.error("unknown resource type '\(t)'", path: "--resource-type")
                        .suggesting(t, from: ResourceType.known.map(\.rawValue)))
            }
            try session.report(bag)
        }
        let types = selectedTypes
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
            case .name, .path, .selector:
                out += Self.line(output, name: n.name, path: n.originalFilePath, type: n.resourceType, package: n.packageName, fqn: n.fqn)
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

    /// The kinds `--resource-type` keeps less those `--exclude-resource-type` leaves out; nil for all.
    var selectedTypes: Set<ResourceType>? {
        var types: Set<ResourceType>? = resourceType.isEmpty ? nil : Set(resourceType.map { ResourceType(rawValue: $0) })
        if !excludeResourceType.isEmpty {
            types = (types ?? Set(ResourceType.known)).subtracting(excludeResourceType.map { ResourceType(rawValue: $0) })
        }
        return types
    }

    /// A node's line in the `name`, `path` and `selector` outputs.
    static func line(_ output: OutputKind, name: String, path: String, type: ResourceType, package: String, fqn: [String]) -> String {
        switch output {
        case .name: return name + "\n"
        case .path: return path + "\n"
        default:
            switch type {
            case .source: return "source:" + fqn.joined(separator: ".") + "\n"
            case .semanticModel, .metric, .savedQuery, .exposure: return "\(type.rawValue):\(package).\(name)\n"
            default: return fqn.joined(separator: ".") + "\n"
            }
        }
    }

    /// `ls` answered from the graph the last full compile saved (CompileCommand+Select.swift), when
    /// that compile's record still hits: the name, path and selector outputs need nothing the graph
    /// lacks. false, having printed nothing, when it cannot answer: `--output json` (it needs each
    /// node's config and relation), `--state`, a kind the command would refuse, no record.
    private func listFromLastCompile(_ session: Session) throws -> Bool {
        guard output != .json, selection.state == nil, !selection.deferToState, project.targetPath == nil,
            session.options.logFormat != .json
        else { return false }
        let known = Set(ResourceType.known.map(\.rawValue))
        guard (resourceType + excludeResourceType).allSatisfy(known.contains) else { return false }
        let types = selectedTypes
        guard let (_, snapshot) = session.lastCompile(indirect: indirect.indirectSelection) else { return false }
        var bag = DiagnosticBag()
        let ids = try session.select(snapshot.graph, selection, indirect: indirect.indirectSelection, types: types, states: nil, diagnostics: &bag)
        try session.report(bag)
        var out = ""
        for id in ids.sorted() {
            guard let n = snapshot.graph.node(id) else { continue }
            out += Self.line(output, name: n.name, path: n.originalFilePath, type: n.resourceType, package: n.packageName, fqn: n.fqn)
        }
        session.reporter().info(
            "Listed from the graph the last compile saved (\(GraphSnapshot.fileName)); nothing it read has changed since", event: "Note",
            code: "Z050", level: "debug", jsonOnly: true)
        Output.out(out)
        return true
    }
}

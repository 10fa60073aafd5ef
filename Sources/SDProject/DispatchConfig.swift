import SDBasics

/// project.yml's `dispatch:` (https://docs.getdbt.com/reference/project-configs/dispatch-config):
/// for calls into a package's namespace, the packages searched for an implementation, in order.
/// swiftdbt resolves every macro call in one order: the project's own macros, then the installed
/// packages' (Compiler+Packages.swift). A search order that says exactly that — the project, then
/// the namespace — is accepted; any other (a shim package between them, the project left out)
/// would be ignored, so it is refused where it is written.
enum DispatchConfig {
    static func check(_ node: YAMLNode?, projectName: String, _ diagnostics: inout DiagnosticBag) {
        guard let node, !node.isNull else { return }
        guard let items = node.items else {
            diagnostics.error("'dispatch' must be a list of {macro_namespace, search_order}, found \(node.kindName)", at: node.range)
            return
        }
        for item in items {
            guard let namespace = item["macro_namespace"]?.string else {
                diagnostics.error("a dispatch entry needs 'macro_namespace:' (the package whose macros it reorders)", at: item.range)
                continue
            }
            for (k, _) in item.entries ?? [] where !["macro_namespace", "search_order"].contains(k.string ?? "") {
                diagnostics.append(
                    Diagnostic.error("unknown dispatch key '\(k.string ?? "")'", at: k.range)
                        .suggesting(k.string ?? "", from: ["macro_namespace", "search_order"]))
            }
            guard let order = item["search_order"] else {
                diagnostics.error("dispatch for '\(namespace)' needs 'search_order:'", at: item.range)
                continue
            }
            let names = (order.items ?? []).compactMap(\.string)
            if names != [projectName, namespace] {
                diagnostics.append(
                    .error(
                        "this dispatch search order is not supported", at: order.range,
                        hint: "swiftdbt searches the project's macros first, then the packages'; "
                            + "write search_order: ['\(projectName)', '\(namespace)'] or remove the entry"))
            }
        }
    }
}

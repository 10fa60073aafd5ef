/// dbt's Jinja constructs that have no `<< >>` equivalent, each with the reason the import report
/// gives. Everything not named here is written in the `<< >>` language with the same spelling
/// (docs/import-dbt.md lists each construct), and the converted file is then parsed by swiftdbt's own
/// parser, so a statement or filter the language lacks is reported too (`DbtImporter`).
public enum DbtConstructs {
    /// Names and attribute paths in expressions. The longest listed prefix of a dotted path wins; a
    /// path whose entry is nil is converted as written (an exception under a refused prefix).
    public static let expressions: [String: String?] = [
        "graph": "dbt's 'graph' object (every node of the project) is not exposed to swiftdbt templates",
        "adapter": "adapter methods read or change the database at compile time; swiftdbt has no 'adapter' object",
        "adapter.dispatch": nil,
        "api": "'api.Relation' and 'api.Column' build dbt's Python relation objects; swiftdbt has none",
        "builtins": "'builtins' reaches dbt's own ref/source/config; in swiftdbt a macro cannot override them",
        "dbt": "dbt's global macros ('dbt.date_trunc', 'dbt.type_string', …) come from dbt-core; swiftdbt ships none of them",
        "fromyaml": "swiftdbt templates have no YAML parser",
        "toyaml": "swiftdbt templates have no YAML writer",
        "zip": "'zip' is not a function of swiftdbt's template language",
        "modules": "Python modules (datetime, re, pytz, itertools) are not available in swiftdbt templates",
        "local_md5": "'local_md5' is not available in swiftdbt templates",
        "dbt_version": "swiftdbt has no dbt version to report",
        "selected_resources": "the selection is not exposed to swiftdbt templates",
        "submit_python_job": "Python models are not supported",
    ]

    /// Statement keywords with no equivalent (the tag is kept, so the compile fails at it).
    public static let statements: [String: String] = [
        "materialization": "custom materializations cannot be written in swiftdbt; its materializations are built in",
        "endmaterialization": "custom materializations cannot be written in swiftdbt; its materializations are built in",
        "include": "swiftdbt templates do not include other templates; move the shared text into a macro",
        "extends": "swiftdbt templates do not inherit from other templates; move the shared text into a macro",
        "block": "template inheritance blocks have no meaning in swiftdbt; move the shared text into a macro",
        "endblock": "template inheritance blocks have no meaning in swiftdbt; move the shared text into a macro",
        "autoescape": "swiftdbt never escapes HTML, so 'autoescape' has nothing to switch",
        "endautoescape": "swiftdbt never escapes HTML, so 'autoescape' has nothing to switch",
    ]

    /// The refusal for a dotted path (`adapter.get_relation`), if any: the longest listed prefix decides.
    public static func refusal(for path: [String]) -> (name: String, reason: String)? {
        var k = path.count
        while k > 0 {
            let name = path.prefix(k).joined(separator: ".")
            if let entry = expressions[name] {
                guard let reason = entry else { return nil }
                return (path.joined(separator: "."), reason)
            }
            k -= 1
        }
        return nil
    }
}

import SDBasics

/// Every macro and generic test of a project, gathered from parsed macro files, with adapter
/// dispatch: a call to `x` resolves to `x`, else `<prefix>__x`, else `default__x`.
public struct MacroLibrary: Sendable {
    /// Macros in the order their files were given, then source order.
    public private(set) var macros: [MacroDefinition] = []
    /// `<< test >>` blocks, kept apart from macros: they are not callable from templates.
    public private(set) var tests: [MacroDefinition] = []
    /// Macros by package, for `package.macro(...)` calls (MacroLibrary+Namespaces.swift).
    public var namespaces = MacroNamespaces()
    private var macroIndex: [String: Int] = [:]
    private var testIndex: [String: Int] = [:]

    /// An empty library.
    public init() {}

    /// Builds a library; a name defined twice is an error at the second definition with a note
    /// at the first, and the first definition wins.
    public init(templates: [Template], diagnostics: inout [Diagnostic]) {
        for template in templates {
            for m in template.macros { add(m, diagnostics: &diagnostics) }
            for t in template.tests { add(t, diagnostics: &diagnostics) }
        }
    }

    /// Builds a library from parsed files and returns the duplicate-name diagnostics.
    public static func build(_ templates: [Template]) -> (MacroLibrary, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let library = MacroLibrary(templates: templates, diagnostics: &diagnostics)
        return (library, diagnostics)
    }

    /// Adds one definition, reporting a duplicate name.
    public mutating func add(_ definition: MacroDefinition, diagnostics: inout [Diagnostic]) {
        let kind = definition.isTest ? "test" : "macro"
        let existing = definition.isTest ? testIndex[definition.name] : macroIndex[definition.name]
        if let existing {
            let first = definition.isTest ? tests[existing] : macros[existing]
            diagnostics.append(
                .error(
                    "duplicate \(kind) '\(definition.name)'", at: definition.nameRange,
                    notes: [.note("'\(definition.name)' first defined here", at: first.nameRange)]))
            return
        }
        if definition.isTest {
            testIndex[definition.name] = tests.count
            tests.append(definition)
        } else {
            macroIndex[definition.name] = macros.count
            macros.append(definition)
        }
    }

    /// The macro with exactly this name, without dispatch.
    public func macro(named name: String) -> MacroDefinition? {
        macroIndex[name].map { macros[$0] }
    }

    /// The generic test with this name.
    public func test(named name: String) -> MacroDefinition? {
        testIndex[name].map { tests[$0] }
    }

    /// What a call to `name` runs: the macro `name` when it exists, else `<prefix>__name`, else
    /// `default__name`. A defined `name` wins because that is what dbt calls: its usual dispatch
    /// wrapper (`x(a, scale=2)` returning `adapter.dispatch('x')(a, scale)`) supplies defaults the
    /// implementations lack, and skipping it loses them.
    public func resolve(_ name: String, adapterPrefix: String?) -> MacroDefinition? {
        if macroIndex.isEmpty { return nil }
        if let m = macro(named: name) { return m }
        if let adapterPrefix, let i = macroIndex[adapterPrefix + "__" + name] { return macros[i] }
        if let i = macroIndex["default__" + name] { return macros[i] }
        return nil
    }

    /// Every macro name, sorted.
    public var macroNames: [String] { macroIndex.keys.sorted() }

    /// Every generic test name, sorted.
    public var testNames: [String] { testIndex.keys.sorted() }

    /// The names a template can call: each macro name plus the dispatch name of `default__x`
    /// and `<prefix>__x` macros, for did-you-mean hints.
    public func callableNames(adapterPrefix: String?) -> [String] {
        var names = Set(macroIndex.keys)
        for name in macroIndex.keys {
            if name.hasPrefix("default__") { names.insert(String(name.dropFirst(9))) }
            if let p = adapterPrefix, name.hasPrefix(p + "__") {
                names.insert(String(name.dropFirst(p.count + 2)))
            }
        }
        return names.sorted()
    }
}

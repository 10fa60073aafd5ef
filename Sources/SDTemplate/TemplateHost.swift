import SDBasics

/// What a template can see besides its own variables and macros: `ref`, `config`, `this`, …
/// The compiler implements it; SDTemplate knows nothing of projects.
public protocol TemplateHost {
    /// The global called `name`, or nil when the host has none.
    func global(named name: String) -> Value?
    /// Every global name, for did-you-mean hints.
    var globalNames: [String] { get }
}

import SDBasics

/// The four parsers that read what a user writes by hand, as fuzz entry points.
///
/// Each entry point takes arbitrary bytes, runs them through the same code the CLI runs, and
/// checks what must hold for any input: no trap, no hang (the renderer's guards end deep nesting,
/// huge ranges and runaway macro recursion in diagnostics), every diagnostic renders, and every
/// range lies inside its file. A broken invariant stops the process with `fatalError`, which
/// libFuzzer records as a crash. The same entry points run every regression and seed input in
/// `SDFuzzTests`, so a crash found once stays fixed (docs/fuzzing.md).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The `<< >>` language: lexer, parser, static-call finder, macro library and renderer.
    case template
    /// YAML as project.yml, as profiles.yml and as a property file.
    case yaml
    /// `--select` / `--exclude` values, parsed and evaluated over a small RTSA-shaped graph.
    case selector
    /// A seed CSV through `SeedReader` (RFC 4180 records, then type inference).
    case csv

    /// Runs one input. Invalid UTF-8 is decoded with replacement characters, as
    /// `LocalFileSystem.readFile` does, so the parsers see exactly what they would see from disk.
    public func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .template: FuzzTemplate.run(text)
        case .yaml: FuzzYAML.run(text)
        case .selector: FuzzSelector.run(text)
        case .csv: FuzzCSV.run(text)
        }
    }
}

/// Invariants every entry point checks on the diagnostics it got.
enum FuzzCheck {
    /// Every range lies inside its file and every diagnostic renders (carets, tildes, notes).
    static func diagnostics(_ diagnostics: [Diagnostic], _ what: @autoclosure () -> String) {
        for d in diagnostics {
            check(d, what)
            for n in d.notes { check(n, what) }
        }
        _ = DiagnosticRenderer(colour: false).render(diagnostics)
    }

    private static func check(_ d: Diagnostic, _ what: () -> String) {
        guard let r = d.range else { return }
        if r.bytes.lowerBound < 0 || r.bytes.upperBound > r.file.utf8.count {
            fatalError("\(what()): diagnostic '\(d.message)' has range \(r.bytes) outside its file of \(r.file.utf8.count) bytes")
        }
    }

    /// Fails the input with a message naming the entry point.
    static func fail(_ message: String) -> Never {
        fatalError("fuzz invariant broken: \(message)")
    }
}

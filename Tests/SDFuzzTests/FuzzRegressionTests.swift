import Dispatch
import Foundation
import SDBasics
import Testing

@testable import SDFuzz

/// Replays every input of the regression corpus (each once made a fuzzer crash or hang) and every
/// seed input through the fuzzer's own entry points. A crash fails the run; a hang is stopped by a
/// watchdog that names the input. The limit is a hang detector, far above what any input needs,
/// not a speed check (speed is measured in bench/).
@Suite("fuzz regression corpus", .serialized)
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let watchdogSeconds = 60.0

    /// Runs `body`; if it is still running after `seconds`, stops the process naming `name`.
    static func watched(_ name: String, seconds: Double, _ body: () -> Void) {
        let watchdog = DispatchWorkItem {
            fatalError("\(name) still running after \(seconds) s: a hang (docs/fuzzing.md)")
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        body()
        watchdog.cancel()
    }

    static func replay(_ target: FuzzTarget, _ input: FuzzCorpus.Input) {
        watched("\(target.rawValue) input \(input.name)", seconds: watchdogSeconds) { target.run(input.bytes) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsRunClean(_ target: FuzzTarget) {
        let seeds = FuzzCorpus.seeds(target, root: Self.root)
        // The seeds must be found, or this test and the fuzzer would start from nothing.
        let minimum: [FuzzTarget: Int] = [.template: 60, .yaml: 150, .selector: 40, .csv: 10]
        #expect(seeds.count >= minimum[target, default: 1], "only \(seeds.count) seeds for \(target)")
        for input in seeds { Self.replay(target, input) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionsRunClean(_ target: FuzzTarget) {
        for input in FuzzCorpus.regressions(target, root: Self.root) { Self.replay(target, input) }
    }

    /// The YAML regressions are the two inputs `make fuzz` found; they must stay in the corpus.
    @Test func theFoundYAMLInputsAreKept() {
        #expect(FuzzCorpus.regressions(.yaml, root: Self.root).count >= 2)
    }

    /// The watchdog is what turns a hang into a failure, so it must fire.
    @Test func theWatchdogStopsAHang() async {
        await #expect(processExitsWith: .failure) {
            // Far longer than the watchdog's limit, but bounded: a watchdog that never fires lets
            // the process exit cleanly, which fails this test instead of hanging it.
            FuzzRegressionTests.watched("a loop that runs too long", seconds: 0.2) {
                let end = Date().addingTimeInterval(10)
                while Date() < end { usleep(10_000) }
            }
        }
    }

    /// A range outside its file is what the fuzzer found in YAML; the invariant check must stop on it.
    @Test func aRangeOutsideItsFileStopsTheFuzzer() async {
        await #expect(processExitsWith: .failure) {
            let file = SourceFile(path: "f.yml", text: "ab")
            FuzzCheck.diagnostics([.error("x", at: SourceRange(file: file, bytes: 2..<3))], "test")
        }
    }
}

import Dispatch
import Foundation
import SDFuzz
import Testing

/// Replays every input of the regression corpus (each once made a fuzzer crash or hang) and every
/// seed input through the fuzzer's own entry points. A crash fails the run; a hang is stopped by a
/// watchdog that names the input. The limit is a hang detector, far above what any input needs,
/// not a speed check (speed is measured in bench/).
@Suite("fuzz regression corpus", .serialized)
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let watchdogSeconds = 60.0

    /// Runs one input under the watchdog.
    static func replay(_ target: FuzzTarget, _ input: FuzzCorpus.Input) {
        let name = "\(target.rawValue) input \(input.name)"
        let watchdog = DispatchWorkItem {
            fatalError("\(name) still running after \(Int(watchdogSeconds)) s: a hang (docs/fuzzing.md)")
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + watchdogSeconds, execute: watchdog)
        target.run(input.bytes)
        watchdog.cancel()
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsRunClean(_ target: FuzzTarget) {
        let seeds = FuzzCorpus.seeds(target, root: Self.root)
        // The seeds must be found, or this test and the fuzzer would start from nothing.
        let minimum: [FuzzTarget: Int] = [.template: 60, .yaml: 150, .selector: 40, .csv: 1]
        #expect(seeds.count >= minimum[target, default: 1], "only \(seeds.count) seeds for \(target)")
        for input in seeds { Self.replay(target, input) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionsRunClean(_ target: FuzzTarget) {
        for input in FuzzCorpus.regressions(target, root: Self.root) { Self.replay(target, input) }
    }
}

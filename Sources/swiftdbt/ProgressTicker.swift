import Foundation
import SDCompiler

#if canImport(Glibc)
    import Glibc
#endif

/// Shows a live `CompileProgress` line on stderr once a load has taken longer than `delay`, and
/// clears it when the work ends: short compiles print nothing extra, long ones show they are alive.
/// Only on a terminal (ProgressPolicy), so logs and pipes never see carriage returns.
final class ProgressTicker: @unchecked Sendable {
    let progress: CompileProgress
    private let lock = NSLock()
    private var stopped = false
    private var shown = false

    init(progress: CompileProgress, delay: TimeInterval = 1.0, interval: TimeInterval = 0.2) {
        self.progress = progress
        let t = Thread { [weak self] in
            Thread.sleep(forTimeInterval: delay)
            while let self, self.tick() { Thread.sleep(forTimeInterval: interval) }
        }
        t.start()
    }

    /// Draws one frame; false once stopped.
    private func tick() -> Bool {
        lock.withLock {
            guard !stopped else { return false }
            shown = true
            Output.err(ProgressPolicy.frame(progress.snapshot))
            return true
        }
    }

    /// Stops drawing and wipes the line if one was drawn, before anything else is printed.
    func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            if shown { Output.err(ProgressPolicy.clear) }
        }
    }
}

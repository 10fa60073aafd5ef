import CSDProcess
import Foundation

/// Starts every `duckdb` child from one thread that lives as long as the program.
///
/// The child asks the kernel for SIGKILL when its parent dies (`prctl(PR_SET_PDEATHSIG)`, see
/// Sources/CSDProcess), so a `kill -9` of swiftdbt cannot leave a CLI holding the database lock. On
/// Linux that "parent" is the *thread* that forked the child (prctl(2): the signal is sent when the
/// creating thread terminates). Dispatch and Swift concurrency retire idle worker threads, and a
/// child forked on one of them would be killed when that worker went away; so forks happen here,
/// on a thread that never ends.
final class DuckDBSpawner: @unchecked Sendable {
    static let shared = DuckDBSpawner()

    private final class Job: @unchecked Sendable {
        let work: () -> Void
        var done = false
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var value: T?
    }

    private let condition = NSCondition()
    private var pending: [Job] = []

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "swiftdbt.duckdb-spawner"
        thread.start()
    }

    /// Runs `work` on the spawner thread and waits for it. Only short, non-blocking work belongs here.
    func run<T>(_ work: @escaping () -> T) -> T {
        let box = ResultBox<T>()
        let job = Job { box.value = work() }
        condition.lock()
        pending.append(job)
        condition.broadcast()
        while !job.done { condition.wait() }
        condition.unlock()
        guard let value = box.value else { preconditionFailure("spawner job finished without a value") }
        return value
    }

    private func serve() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            let job = pending.removeFirst()
            condition.unlock()
            job.work()
            condition.lock()
            job.done = true
            condition.broadcast()
            condition.unlock()
        }
    }
}

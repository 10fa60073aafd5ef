import Dispatch
import Foundation

/// Maps over an array on every core, keeping order. Each element's work must be independent.
/// In SDBasics so that the project loader (SDProject) reads files on both cores as the compiler
/// parses and renders on them; `@inlinable` keeps it specialized in the modules that call it.
public enum ParallelMap {
    @inlinable
    /// `minimumCount`: below it the items are mapped in place, for work too small per item to pay for
    /// the threads (a few large items, such as property files, pass 2).
    public static func map<T: Sendable, R: Sendable>(_ items: [T], minimumCount: Int = 64, _ transform: (T) -> R) -> [R] {
        if items.count < max(2, minimumCount) { return items.map(transform) }
        let chunks = max(1, ProcessInfo.processInfo.activeProcessorCount * 4)
        let size = (items.count + chunks - 1) / chunks
        return inOrder(items.count) { out in
            withoutActuallyEscaping(transform) { t in
                let box = UnsafeSendable(t)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let lo = c * size
                    let hi = min(items.count, lo + size)
                    guard lo < hi else { return }
                    for i in lo..<hi { out.value[i] = box.value(items[i]) }
                }
            }
        }
    }

    /// The `count` results `fill` puts into the slots of a buffer (each slot written by one thread),
    /// in slot order. Moved out, not copied: deallocating the buffer does not release what it holds,
    /// so copying them out (compactMap) left every result retained forever, a 10k compile's rendered
    /// SQL and manifest pieces included.
    @inlinable
    static func inOrder<R>(_ count: Int, _ fill: (UnsafeSendable<UnsafeMutableBufferPointer<R?>>) -> Void) -> [R] {
        let buffer = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
        buffer.initialize(repeating: nil)
        defer { buffer.deallocate() }
        fill(UnsafeSendable(buffer))
        var results: [R] = []
        results.reserveCapacity(count)
        for i in buffer.indices {
            if let r = buffer.moveElement(from: i) { results.append(r) }
        }
        return results
    }
}

/// Carries a value across a concurrentPerform boundary; callers guarantee disjoint access.
public struct UnsafeSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

extension ParallelMap {
    /// `items` sorted ascending, the two halves on two cores and then merged: sorting a 100k
    /// project's 160,000 node ids took 0.2–0.4 s on one core, several times per compile. Inlinable,
    /// so each caller's copy is specialized for its element type (String's comparison inlined).
    @inlinable
    public static func sorted<T: Comparable & Sendable>(_ items: [T], minimumCount: Int = 4096) -> [T] {
        guard items.count >= max(2, minimumCount) else { return items.sorted() }
        let mid = items.count / 2
        let halves = map([0, 1], minimumCount: 2) { half in (half == 0 ? items[..<mid] : items[mid...]).sorted() }
        let (low, high) = (halves[0], halves[1])
        var out: [T] = []
        out.reserveCapacity(items.count)
        var (i, j) = (0, 0)
        // Ties take the low half first, as a stable sort would.
        while i < low.count, j < high.count {
            if high[j] < low[i] {
                out.append(high[j])
                j += 1
            } else {
                out.append(low[i])
                i += 1
            }
        }
        out.append(contentsOf: low[i...])
        out.append(contentsOf: high[j...])
        return out
    }
}

extension ParallelMap {
    /// `map` on `threads` threads at once, whatever the number of cores: for work that mostly waits
    /// on the disk, such as reading a project's files when the page cache no longer holds them
    /// (the kernel drops pages left alone for a while), where two reads in flight on two cores kept
    /// the disk's queue short. Items are claimed a few at a time; results come back in order.
    public static func mapWaiting<T: Sendable, R: Sendable>(
        _ items: [T], threads: Int = 8, minimumCount: Int = 64, _ transform: @escaping @Sendable (T) -> R
    ) -> [R] {
        if items.count < max(2, minimumCount) || threads < 2 { return items.map(transform) }
        let step = 8
        let claims = WorkClaims(count: items.count, step: step)
        return inOrder(items.count) { out in
            let work: @Sendable () -> Void = {
                while let range = claims.next() {
                    for i in range { out.value[i] = transform(items[i]) }
                }
            }
            // Threads of their own: the shared pool runs no more threads than there are cores. Each
            // has written its results before it signals.
            let finished = DispatchSemaphore(value: 0)
            let helpers = min(threads, (items.count + step - 1) / step) - 1
            for _ in 0..<helpers {
                Thread {
                    work()
                    finished.signal()
                }.start()
            }
            work()
            for _ in 0..<helpers { finished.wait() }
        }
    }
}

/// Hands out consecutive ranges of `0..<count`, `step` at a time, to whichever thread asks.
final class WorkClaims: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = 0
    private let count: Int
    private let step: Int

    init(count: Int, step: Int) {
        self.count = count
        self.step = step
    }

    func next() -> Range<Int>? {
        lock.withLock {
            guard claimed < count else { return nil }
            let range = claimed..<min(count, claimed + step)
            claimed = range.upperBound
            return range
        }
    }
}

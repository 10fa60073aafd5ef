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
        let buffer = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        buffer.initialize(repeating: nil)
        defer { buffer.deallocate() }
        let chunks = max(1, ProcessInfo.processInfo.activeProcessorCount * 4)
        let size = (items.count + chunks - 1) / chunks
        withoutActuallyEscaping(transform) { t in
            let box = UnsafeSendable(t)
            let out = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = c * size
                let hi = min(items.count, lo + size)
                guard lo < hi else { return }
                for i in lo..<hi { out.value[i] = box.value(items[i]) }
            }
        }
        // Move the results out: deallocating the buffer does not release what it holds, so copying
        // them out (compactMap) left every result retained forever, a 10k compile's rendered SQL and
        // manifest pieces included.
        var results: [R] = []
        results.reserveCapacity(items.count)
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

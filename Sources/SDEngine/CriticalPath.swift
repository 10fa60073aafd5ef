import Foundation
import SDBasics

/// Which ready node to start first: the one heading the longest remaining path to the end of the DAG.
///
/// With more ready nodes than threads, plain topological order (dbt's, its issue 10632) can leave the
/// long chain of a DAG waiting behind short independent nodes, and the run then ends a whole chain
/// later than it could. Starting the node with the most work still behind it keeps the run near its
/// lower bound, max(critical path, total work / threads) — the classic critical-path list scheduling.
/// Pure: `ScheduleState` asks it once, `Runner` feeds it the last run's durations.
public enum CriticalPath {
    /// Each node's weight: its `execution_time` in the last run when known. A node without one (new,
    /// or not in the last run's selection) gets the median of the known ones: a new model is most
    /// likely a typical one, and the median, unlike the mean, is not dragged up by the one huge model
    /// or down by a run of views. With nothing known every node weighs 1 (the path's node count).
    public static func weights(order: [String], durations: [String: Double]) -> [String: Double] {
        let known = order.compactMap { durations[$0] }.filter { $0.isFinite && $0 >= 0 }.sorted()
        let fallback: Double
        if known.isEmpty {
            fallback = 1
        } else if known.count % 2 == 1 {
            fallback = known[known.count / 2]
        } else {
            fallback = (known[known.count / 2 - 1] + known[known.count / 2]) / 2
        }
        var out: [String: Double] = [:]
        for id in order {
            if let d = durations[id], d.isFinite, d >= 0 { out[id] = d } else { out[id] = fallback }
        }
        return out
    }

    /// For each node of `order` (topological), its own weight plus the heaviest path through its
    /// selected descendants. `parents` as `ScheduleState` takes them; parents outside `order` are ignored.
    public static func remaining(order: [String], parents: [String: [String]], weights: [String: Double]) -> [String: Double] {
        var children: [String: [String]] = [:]
        let selected = Set(order)
        for id in order {
            for p in Set(parents[id] ?? []) where selected.contains(p) { children[p, default: []].append(id) }
        }
        var out: [String: Double] = [:]
        for id in order.reversed() {
            let tail = (children[id] ?? []).map { out[$0] ?? 0 }.max() ?? 0
            out[id] = (weights[id] ?? 1) + tail
        }
        return out
    }

    /// The durations recorded in a run_results.json document (dbt's v6 shape, `RunResults`), by
    /// unique_id. Skipped nodes never ran and an error's time is that of a failed attempt, not of
    /// the work, so both are left out; an unreadable document gives none: durations are a hint for
    /// the order, never needed for correctness.
    public static func durations(runResults data: Data) -> [String: Double] {
        guard let results = (try? JSONValue.parse(data))?["results"]?.arrayValue else { return [:] }
        var out: [String: Double] = [:]
        for r in results {
            guard let id = r["unique_id"]?.stringValue, let status = r["status"]?.stringValue, status != "skipped", status != "error",
                let t = r["execution_time"]?.doubleValue
            else { continue }
            out[id] = t
        }
        return out
    }

    /// The durations in the run_results.json at `path` (the last run's), none when there is none.
    public static func durations(lastRunResults path: String, fileSystem: FileSystem) -> [String: Double] {
        guard let text = try? fileSystem.readFile(path) else { return [:] }
        return durations(runResults: Data(text.utf8))
    }
}

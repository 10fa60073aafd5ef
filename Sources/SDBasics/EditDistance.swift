/// Levenshtein distance and did-you-mean suggestions.
public enum EditDistance {
    /// The edit distance between two strings, compared by Unicode scalars, case-insensitively.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars)
        let y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The closest candidate within a third of the name's length (at least 2 edits), if any;
    /// ties go to the alphabetically first so suggestions are stable.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(2, name.count / 3)
        var best: (String, Int)?
        for c in candidates where c != name {
            let d = distance(name, c)
            guard d <= limit else { continue }
            if let b = best, b.1 < d || (b.1 == d && b.0 <= c) { continue }
            best = (c, d)
        }
        return best?.0
    }
}

import SDBasics
import SDCompiler
import SDEngine

/// A line chart a model asks for in its `meta.chart` (`{x: trade_date, y: return_7d, colour: group_name}`):
/// one line per distinct `colour` value, drawn on the model's page from the target's data. `y` may be a
/// list (`y: [return_7d, return_30d, return_90d]`): the page then offers a switch between them, like a
/// dashboard's filter, and shows the first.
public struct ChartSpec: Sendable, Hashable {
    /// The column on the horizontal axis (a date, a timestamp or a number).
    public var x: String
    /// The numeric column on the vertical axis (the first of `ys`).
    public var y: String
    /// Every column the reader can switch the vertical axis to, `y` first; just `[y]` without a switch.
    public var ys: [String]
    /// The column whose distinct values split the rows into lines; nil for a single line.
    public var colour: String?
    /// A caption shown above the chart.
    public var title: String?

    /// A chart of `y` over `x`, one line per `colour` value.
    public init(x: String, y: String, colour: String? = nil, title: String? = nil) {
        self.init(x: x, ys: [y], colour: colour, title: title)
    }

    /// A chart whose vertical axis switches between `ys` (at least one column), the first shown first.
    public init(x: String, ys: [String], colour: String? = nil, title: String? = nil) {
        self.x = x
        self.y = ys.first ?? ""
        self.ys = ys
        self.colour = colour
        self.title = title
    }

    /// Reads `meta.chart`; nil when the node asks for no chart. `color` is accepted as well as
    /// `colour`, since users coming from BI tools write either.
    public static func from(meta: [String: JSONValue]) -> ChartSpec? {
        guard case .object(let chart)? = meta["chart"], let x = chart["x"]?.stringValue, !x.isEmpty else { return nil }
        let ys: [String]
        switch chart["y"] {
        case .string(let y)?: ys = [y]
        case .array(let list)?: ys = list.compactMap(\.stringValue)
        default: ys = []
        }
        guard !ys.isEmpty, !ys.contains(where: \.isEmpty) else { return nil }
        let colour = (chart["colour"] ?? chart["color"])?.stringValue
        return ChartSpec(x: x, ys: ys, colour: colour?.isEmpty == true ? nil : colour, title: chart["title"]?.stringValue)
    }

    /// The columns a chart names that the node's documented columns lack (a typo in `meta`).
    public func unknownColumns(in node: CompiledNode) -> [String] {
        guard !node.columns.isEmpty else { return [] }
        let known = Set(node.columns.map { $0.name.lowercased() })
        return ([x] + ys + [colour].compactMap { $0 }).filter { !known.contains($0.lowercased()) }
    }

    /// The query that reads the chart's points from the built relation, ordered so each line's
    /// points come in `x` order. Rows with a null `y` are gaps, not zeros, so they are left out; with
    /// several `ys`, a row stays while any of them has a value, and the page skips the nulls of the
    /// one it shows. One query serves every column of the switch.
    public func sql(from relation: Relation, limit: Int) -> String {
        let q = Relation.quote
        let series = colour.map { "cast(\(q($0)) as varchar)" } ?? "''"
        let more = ys.dropFirst().enumerated().map { ", \(q($1)) as y\($0 + 2)" }.joined()
        let present = ys.count == 1 ? "\(q(y)) is not null" : "(" + ys.map { "\(q($0)) is not null" }.joined(separator: " or ") + ")"
        return """
            select \(q(x)) as x, \(q(y)) as y, \(series) as series\(more)
            from \(relation.quoted)
            where \(present) and \(q(x)) is not null
            order by 3, 1
            limit \(limit)
            """
    }

    /// Groups the query's rows into lines, sorted by name; each point is `[x, y]` as the target returned them,
    /// or `[x, y, y2, …]` (one value per column of `ys`, nulls kept) when the chart switches.
    public func series(from result: QueryResult) -> [ChartSeries] {
        var byName: [String: [JSONValue]] = [:]
        for row in result.rows where row.count >= 3 {
            let name: String
            switch row[2] {
            case .string(let s): name = s
            case .null: name = "(null)"
            default: name = row[2].serialized(indent: 0).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            byName[name, default: []].append(.array([row[0], row[1]] + row.dropFirst(3).prefix(ys.count - 1)))
        }
        return byName.keys.sorted().map { ChartSeries(name: $0, points: byName[$0] ?? []) }
    }

    /// The chart as the site's data carries it.
    public func json(series: [ChartSeries]?, error: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["x": .string(x), "y": .string(y), "colour": colour.map { .string($0) } ?? .null]
        if ys.count > 1 { o["ys"] = .array(ys.map { .string($0) }) }
        if let title { o["title"] = .string(title) }
        if let series { o["series"] = .array(series.map(\.json)) }
        if let error { o["error"] = .string(error) }
        return .object(o)
    }
}

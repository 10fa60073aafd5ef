import SDBasics
import SDCompiler
import SDEngine

/// A line chart a model asks for in its `meta.chart` (`{x: trade_date, y: return_7d, colour: group_name}`):
/// one line per distinct `colour` value, drawn on the model's page from the target's data.
public struct ChartSpec: Sendable, Hashable {
    /// The column on the horizontal axis (a date, a timestamp or a number).
    public var x: String
    /// The numeric column on the vertical axis.
    public var y: String
    /// The column whose distinct values split the rows into lines; nil for a single line.
    public var colour: String?
    /// A caption shown above the chart.
    public var title: String?

    /// A chart of `y` over `x`, one line per `colour` value.
    public init(x: String, y: String, colour: String? = nil, title: String? = nil) {
        self.x = x
        self.y = y
        self.colour = colour
        self.title = title
    }

    /// Reads `meta.chart`; nil when the node asks for no chart. `color` is accepted as well as
    /// `colour`, since users coming from BI tools write either.
    public static func from(meta: [String: JSONValue]) -> ChartSpec? {
        guard case .object(let chart)? = meta["chart"],
            let x = chart["x"]?.stringValue, !x.isEmpty, let y = chart["y"]?.stringValue, !y.isEmpty
        else { return nil }
        let colour = (chart["colour"] ?? chart["color"])?.stringValue
        return ChartSpec(x: x, y: y, colour: colour?.isEmpty == true ? nil : colour, title: chart["title"]?.stringValue)
    }

    /// The columns a chart names that the node's documented columns lack (a typo in `meta`).
    public func unknownColumns(in node: CompiledNode) -> [String] {
        guard !node.columns.isEmpty else { return [] }
        let known = Set(node.columns.map { $0.name.lowercased() })
        return [x, y, colour].compactMap { $0 }.filter { !known.contains($0.lowercased()) }
    }

    /// The query that reads the chart's points from the built relation, ordered so each line's
    /// points come in `x` order. Rows with a null `y` are gaps, not zeros, so they are left out.
    public func sql(from relation: Relation, limit: Int) -> String {
        let q = Relation.quote
        let series = colour.map { "cast(\(q($0)) as varchar)" } ?? "''"
        return """
            select \(q(x)) as x, \(q(y)) as y, \(series) as series
            from \(relation.quoted)
            where \(q(y)) is not null and \(q(x)) is not null
            order by 3, 1
            limit \(limit)
            """
    }

    /// Groups the query's rows into lines, sorted by name; each point is `[x, y]` as the target returned them.
    public func series(from result: QueryResult) -> [ChartSeries] {
        var byName: [String: [JSONValue]] = [:]
        for row in result.rows where row.count >= 3 {
            let name: String
            switch row[2] {
            case .string(let s): name = s
            case .null: name = "(null)"
            default: name = row[2].serialized(indent: 0).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            byName[name, default: []].append(.array([row[0], row[1]]))
        }
        return byName.keys.sorted().map { ChartSeries(name: $0, points: byName[$0] ?? []) }
    }

    /// The chart as the site's data carries it.
    public func json(series: [ChartSeries]?, error: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["x": .string(x), "y": .string(y), "colour": colour.map { .string($0) } ?? .null]
        if let title { o["title"] = .string(title) }
        if let series { o["series"] = .array(series.map(\.json)) }
        if let error { o["error"] = .string(error) }
        return .object(o)
    }
}

import SDBasics

/// One line of a chart: its name (the `colour` value) and its points.
public struct ChartSeries: Sendable, Hashable {
    /// The `colour` column's value for this line.
    public var name: String
    /// `[x, y]` pairs in `x` order.
    public var points: [JSONValue]

    public init(name: String, points: [JSONValue]) {
        self.name = name
        self.points = points
    }

    var json: JSONValue { .object(["name": .string(name), "points": .array(points)]) }
}

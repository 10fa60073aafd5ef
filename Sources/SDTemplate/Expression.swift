import SDBasics

/// An expression of the template language with the range it was parsed from.
struct Expression: Sendable {
    let kind: Kind
    /// Where the expression is in its file (UTF-8 byte offsets).
    let range: SourceRange

    init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    indirect enum Kind: Sendable {
        case literal(Literal)
        case name(String)
        case list([Expression])
        case dict([(key: Expression, value: Expression)])
        case attribute(Expression, name: String, nameRange: SourceRange)
        case index(Expression, Expression)
        case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
        case call(Expression, [Argument])
        case negate(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        /// A chain `a < b <= c` is true when each adjacent pair compares true.
        case compare(Expression, [(ComparisonOperator, Expression)])
        case test(Expression, name: String, arguments: [Expression], negated: Bool)
        case filter(Expression, name: String, nameRange: SourceRange, arguments: [Argument])
        case conditional(then: Expression, condition: Expression, otherwise: Expression?)
    }

    /// A call argument, positional when `name` is nil.
    struct Argument: Sendable {
        let name: String?
        let nameRange: SourceRange?
        let value: Expression
    }

    enum Literal: Sendable {
        case none
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
    }

    enum BinaryOperator: String, Sendable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case floorDivide = "//"
        case modulo = "%"
        case power = "**"
        case concat = "~"
    }

    enum ComparisonOperator: String, Sendable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case isIn = "in"
        case notIn = "not in"
    }
}

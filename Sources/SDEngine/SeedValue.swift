/// One cell of a seed, typed by its column's type.
public enum SeedValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case double(Double)
    /// `YYYY-MM-DD`, validated.
    case date(String)
    /// `YYYY-MM-DD hh:mm:ss[.fraction]` with a space, validated (a `T` in the file is replaced).
    case timestamp(String)
    case text(String)
}

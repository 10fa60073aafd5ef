/// The types a seed field's text could be read as; inference intersects these over a column.
struct SeedValueShape: OptionSet {
    let rawValue: UInt8
    static let boolean = SeedValueShape(rawValue: 1)
    static let integer = SeedValueShape(rawValue: 2)
    static let double = SeedValueShape(rawValue: 4)
    static let date = SeedValueShape(rawValue: 8)
    static let timestamp = SeedValueShape(rawValue: 16)
    static let all: SeedValueShape = [.boolean, .integer, .double, .date, .timestamp]

    /// Empty, or `null` in any case (dbt's null values).
    static func isNull(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if b.isEmpty { return true }
        return b.count == 4 && b[0] | 0x20 == 0x6E && b[1] | 0x20 == 0x75 && b[2] | 0x20 == 0x6C && b[3] | 0x20 == 0x6C
    }

    static func of(_ b: UnsafeBufferPointer<UInt8>) -> SeedValueShape {
        guard let first = b.first else { return [] }
        switch first {
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return isWord(b, "true") || isWord(b, "false") ? .boolean : []
        default:
            break
        }
        var shape: SeedValueShape = []
        if let kind = number(b) { shape.formUnion(kind) }
        if b.count >= 10, isDate(b) {
            if b.count == 10 {
                shape.insert(.date)
                shape.insert(.timestamp)
            } else if isTime(b) {
                shape.insert(.timestamp)
            }
        }
        return shape
    }

    private static func isWord(_ b: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard b.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { w in (0..<w.count).allSatisfy { b[$0] | 0x20 == w[$0] } }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `.integer` plus `.double` for an integer that fits 64 bits, `.double` for a decimal or
    /// exponent form, nil otherwise. A leading zero before more digits (`007`) is not a number.
    private static func number(_ b: UnsafeBufferPointer<UInt8>) -> SeedValueShape? {
        var i = 0
        let n = b.count
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
            negative = b[0] == UInt8(ascii: "-")
            i = 1
        }
        let intStart = i
        var magnitude: UInt64 = 0
        var overflow = false
        while i < n, isDigit(b[i]) {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(b[i] - 0x30))
            overflow = overflow || o1 || o2
            magnitude = m2
            i += 1
        }
        let intDigits = i - intStart
        if intDigits > 1, b[intStart] == UInt8(ascii: "0") { return nil }
        var fracDigits = 0
        var isInteger = true
        if i < n, b[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            while i < n, isDigit(b[i]) {
                fracDigits += 1
                i += 1
            }
        }
        if intDigits == 0 && fracDigits == 0 { return nil }
        if i < n, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            let expStart = i
            while i < n, isDigit(b[i]) { i += 1 }
            if i == expStart { return nil }
        }
        guard i == n else { return nil }
        if isInteger {
            let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
            return !overflow && magnitude <= limit ? [.integer, .double] : .double
        }
        return .double
    }

    /// `YYYY-MM-DD` at the start, a real calendar day.
    private static func isDate(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(b[k]) { return false }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        let year = Int(b[0] - 48) * 1000 + Int(b[1] - 48) * 100 + Int(b[2] - 48) * 10 + Int(b[3] - 48)
        let month = Int(b[5] - 48) * 10 + Int(b[6] - 48)
        let day = Int(b[8] - 48) * 10 + Int(b[9] - 48)
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// After a date: a space or `T`, `hh:mm:ss`, then optionally `.` and 1 to 9 digits.
    private static func isTime(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 19, b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T") else { return false }
        for k in [11, 12, 14, 15, 17, 18] where !isDigit(b[k]) { return false }
        guard b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return false }
        let hour = Int(b[11] - 48) * 10 + Int(b[12] - 48)
        let minute = Int(b[14] - 48) * 10 + Int(b[15] - 48)
        let second = Int(b[17] - 48) * 10 + Int(b[18] - 48)
        guard hour < 24, minute < 60, second < 60 else { return false }
        if b.count == 19 { return true }
        guard b[19] == UInt8(ascii: "."), b.count >= 21, b.count <= 29 else { return false }
        return (20..<b.count).allSatisfy { isDigit(b[$0]) }
    }
}

import Foundation

/// UTC timestamp formats used by AWS, computed from epoch seconds without a formatter or locale.
enum AWSTimestamp {
    struct Civil {
        var year, month, day, hour, minute, second: Int
    }

    static func civil(_ date: Date) -> Civil {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        var days = t / 86_400
        var secs = t % 86_400
        if secs < 0 {
            secs += 86_400
            days -= 1
        }
        // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return Civil(year: y, month: m, day: d, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60)
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `20260127T093005Z`, the SigV4 request timestamp.
    static func amzDate(_ date: Date) -> String {
        let c = civil(date)
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2) + pad(c.minute, 2)
            + pad(c.second, 2) + "Z"
    }

    /// `2026-01-27T09:30:05Z`.
    static func iso8601(_ date: Date) -> String {
        let c = civil(date)
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T" + pad(c.hour, 2) + ":"
            + pad(c.minute, 2) + ":" + pad(c.second, 2) + "Z"
    }

    /// Parses ISO 8601 as credential endpoints send it: `2026-01-27T09:30:05Z`, with optional
    /// fractional seconds and a `Z` or `±hh:mm` offset.
    static func parseISO8601(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for i in from..<(from + len) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 19, let y = num(0, 4), b[4] == UInt8(ascii: "-"), let mo = num(5, 2),
            b[7] == UInt8(ascii: "-"), let d = num(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
            let h = num(11, 2), b[13] == UInt8(ascii: ":"), let mi = num(14, 2), b[16] == UInt8(ascii: ":"),
            let s = num(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                    let om = num(i + 4, 2)
                else { return nil }
                offset = sign * (oh * 3600 + om * 60)
                i += 6
            }
        }
        guard i == b.count else { return nil }
        let secs = days(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s - offset
        return Date(timeIntervalSince1970: Double(secs) + fraction)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses an HTTP `Date` header (RFC 7231 IMF-fixdate, `Tue, 27 Jan 2026 09:30:05 GMT`).
    static func parseHTTPDate(_ text: String) -> Date? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        if let first = words.first, Int(first) == nil { words.removeFirst() }
        guard words.count >= 4, let day = Int(words[0]),
            let monthIndex = months.firstIndex(of: words[1].lowercased()), let year = Int(words[2])
        else { return nil }
        let hms = words[3].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3 else { return nil }
        let secs = days(year: year, month: monthIndex + 1, day: day) * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2]
        return Date(timeIntervalSince1970: Double(secs))
    }

    /// Formats an HTTP `Date` header value.
    static func httpDate(_ date: Date) -> String {
        let c = civil(date)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let dayNumber = Int(date.timeIntervalSince1970.rounded(.down)) / 86_400
        let wd = weekdays[((dayNumber % 7) + 7) % 7]
        let mon = months[c.month - 1].capitalized
        return
            "\(wd), \(pad(c.day, 2)) \(mon) \(pad(c.year, 4)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)) GMT"
    }
}

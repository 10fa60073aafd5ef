import Foundation
import SDBasics

/// What the fake answers to one request.
struct FakeReply: Sendable {
    var status: Int
    var headers: [String: String] = [:]
    var body: Data
    /// Close the connection part-way through the response.
    var drop = false

    static func json(_ value: JSONValue, status: Int = 200) -> FakeReply {
        FakeReply(status: status, headers: ["Content-Type": "application/x-amz-json-1.1"], body: Data(value.serialized(indent: 0).utf8))
    }

    /// An AWS JSON 1.1 error: `{"__type": code, "message": …}` with the `x-amzn-ErrorType` header.
    static func error(_ code: String, _ message: String, status: Int = 400) -> FakeReply {
        var r = json(["__type": .string(code), "message": .string(message), "Message": .string(message)], status: status)
        r.headers["x-amzn-ErrorType"] = code
        return r
    }

    static func xml(_ text: String, status: Int = 200) -> FakeReply {
        FakeReply(status: status, headers: ["Content-Type": "application/xml"], body: Data(text.utf8))
    }

    static func s3Error(_ code: String, _ message: String, status: Int) -> FakeReply {
        xml(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(FakeReply.escape(message))</Message></Error>",
            status: status)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}

import Foundation
import SDBasics
import SDHTTP

/// Turns an error response into an `AWSServiceError`, whatever its shape: AWS JSON 1.1
/// (`__type`, `message`), the `x-amzn-ErrorType` header, S3's `<Error>` or STS/moto's
/// `<ErrorResponse><Error>` XML, or a bare status.
enum AWSErrorParser {
    static func parse(
        _ response: HTTPResponse, service: String, operation: String, secrets: [String]
    ) -> AWSServiceError {
        var code: String?
        var message = ""
        var requestID = response.header("x-amzn-requestid") ?? response.header("x-amz-request-id")
        if let header = response.header("x-amzn-errortype") {
            code = header.split(separator: ":").first.map(String.init)
        }
        let firstByte = response.body.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if firstByte == UInt8(ascii: "{"), let json = try? JSONValue.parse(response.body) {
            if let type = json["__type"]?.stringValue ?? json["code"]?.stringValue ?? json["Code"]?.stringValue {
                let afterHash = type.split(separator: "#").last.map(String.init) ?? type
                code = code ?? afterHash.split(separator: ":").first.map(String.init)
            }
            message =
                json["message"]?.stringValue ?? json["Message"]?.stringValue ?? json["errorMessage"]?.stringValue ?? ""
        } else if firstByte == UInt8(ascii: "<"), let xml = try? AWSXMLParser.parse(response.body) {
            let error = xml.first("Error") ?? xml
            if let c = error.value("Code"), !c.isEmpty { code = c }
            message = error.value("Message") ?? ""
            requestID = requestID ?? xml.value("RequestId") ?? xml.value("RequestID")
        } else if !response.body.isEmpty {
            message = String(response.text.prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if (300..<400).contains(response.status), code == nil {
            // Redirects are not followed, and URLSession on Linux drops a redirect's body, so say
            // what S3 puts in the headers: the bucket's region and where to go.
            code = response.status == 301 ? "PermanentRedirect" : "TemporaryRedirect"
            var parts: [String] = []
            if let region = response.header("x-amz-bucket-region") { parts.append("the bucket is in region \(region)") }
            if let location = response.header("location") { parts.append("redirected to \(AWSRedaction.redactURL(location))") }
            if message.isEmpty { message = parts.joined(separator: "; ") }
        }
        let fallback = response.status == 429 ? "TooManyRequests" : "HTTP\(response.status)"
        return AWSServiceError(
            service: service, operation: operation, statusCode: response.status, code: code ?? fallback,
            message: AWSRedaction.scrub(message, secrets: secrets), requestID: requestID)
    }
}

/// Why a response could not be parsed. Each renders as a one-line cause.
public enum HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The status line is not `HTTP/1.x NNN reason`.
    case badStatusLine(String)
    /// A header line has no colon, or a bad name.
    case badHeaderLine(String)
    /// A line is longer than the limit.
    case lineTooLong(limit: Int)
    /// More header fields than the limit.
    case tooManyHeaders(limit: Int)
    /// `Content-Length` is not a decimal number, or appears twice with different values.
    case badContentLength(String)
    /// A `Transfer-Encoding` other than `chunked`, or both it and `Content-Length`.
    case unsupportedTransferEncoding(String)
    /// A chunk-size line that is not hex, negative, or overflows.
    case badChunkSize(String)
    /// Chunk data not followed by CRLF.
    case missingChunkTerminator
    /// The body is larger than the limit.
    case bodyTooLarge(limit: Int)
    /// The peer closed before the response was complete.
    case truncated(during: String)
    /// A 1xx response other than 100 Continue (we never ask to switch protocols).
    case unexpectedInterimStatus(Int)

    /// A one-line cause.
    public var description: String {
        switch self {
        case .badStatusLine(let line): "malformed status line \(printable(line))"
        case .badHeaderLine(let line): "malformed header line \(printable(line))"
        case .lineTooLong(let limit): "a header or chunk line is longer than \(limit) bytes"
        case .tooManyHeaders(let limit): "more than \(limit) header fields"
        case .badContentLength(let value): "invalid Content-Length \(printable(value))"
        case .unsupportedTransferEncoding(let value): "unsupported Transfer-Encoding \(printable(value))"
        case .badChunkSize(let line): "invalid chunk size line \(printable(line))"
        case .missingChunkTerminator: "chunk data not followed by CRLF"
        case .bodyTooLarge(let limit): "response body larger than the \(limit)-byte limit"
        case .truncated(let during): "connection closed during the \(during)"
        case .unexpectedInterimStatus(let status): "unexpected interim status \(status)"
        }
    }

    /// At most 80 characters of peer text, control characters escaped.
    private func printable(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars.prefix(80) {
            switch scalar {
            case "\"": result += "\\\""
            case " "..."~": result.unicodeScalars.append(scalar)
            default: result += "\\x" + String(scalar.value, radix: 16)
            }
        }
        return result + (text.unicodeScalars.count > 80 ? "…\"" : "\"")
    }
}

@testable import DockerEngine
import Testing

/// The exact bytes of the requests we send, and the percent-encoding of query values.
@Suite struct HTTPRequestTests {
    /// A GET: request line, the four fixed headers, a blank line, nothing after it.
    @Test func getIsSerializedExactly() {
        let request = HTTPRequest(method: "GET", target: "/_ping")
        let expected = "GET /_ping HTTP/1.1\r\nHost: docker\r\nUser-Agent: ipv6-reconcile/1.0\r\n"
            + "Accept: application/json\r\nConnection: close\r\n\r\n"
        #expect(request.serialized(userAgent: "ipv6-reconcile/1.0") == Array(expected.utf8))
    }

    /// A POST: the body's type and exact byte count, then the body verbatim.
    @Test func postIsSerializedExactly() {
        let body = #"{"Container":"web","Force":false}"#
        let request = HTTPRequest(method: "POST", target: "/v1.41/networks/abc/disconnect", body: Array(body.utf8))
        let expected = "POST /v1.41/networks/abc/disconnect HTTP/1.1\r\nHost: docker\r\nUser-Agent: ua\r\n"
            + "Accept: application/json\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: 33\r\n\r\n" + body
        #expect(body.utf8.count == 33)
        #expect(request.serialized(userAgent: "ua") == Array(expected.utf8))
    }

    /// Content-Length counts bytes, not characters, and an empty body is still declared.
    static let bodies: [(body: String, length: Int)] = [
        ("", 0),  // empty POST body: Content-Length 0, nothing after the blank line
        ("{}", 2),  // ASCII
        (#"{"Container":"café"}"#, 21),  // é is two bytes
        (#"{"Container":"🚀"}"#, 20),  // an astral scalar is four bytes
        (String(repeating: "x", count: 70_000), 70_000),  // larger than any socket buffer
    ]

    /// The declared length is the body's UTF-8 byte count, and the body follows the blank line.
    @Test(arguments: bodies)
    func contentLengthIsTheByteCount(body: String, length: Int) {
        let bytes = HTTPRequest(method: "POST", target: "/x", body: Array(body.utf8)).serialized(userAgent: "ua")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\r\nContent-Length: \(length)\r\n\r\n"))
        #expect(bytes.suffix(length) == Array(body.utf8)[...])
        #expect(bytes.count == Array("POST /x HTTP/1.1\r\nHost: docker\r\nUser-Agent: ua\r\nAccept: application/json\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\r\n".utf8).count + length)
    }

    /// A GET declares no body at all (no Content-Type, no Content-Length).
    @Test func getHasNoBodyHeaders() {
        let text = String(decoding: HTTPRequest(method: "GET", target: "/x").serialized(userAgent: "ua"), as: UTF8.self)
        #expect(!text.contains("Content-Length"))
        #expect(!text.contains("Content-Type"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    /// Query values and their encoding: only RFC 3986's unreserved characters stay as they are.
    static let encodings: [(value: String, encoded: String)] = [
        (#"{"label":["ipv6-reconcile"]}"#,
            "%7B%22label%22%3A%5B%22ipv6-reconcile%22%5D%7D"),  // the container list's filters value
        (#"{"label":["a=b&c"]}"#,
            "%7B%22label%22%3A%5B%22a%3Db%26c%22%5D%7D"),  // & and = cannot end or split the parameter
        ("", ""),  // empty
        ("AZaz09-._~", "AZaz09-._~"),  // every unreserved class kept
        (" ", "%20"),  // space is %20, never +
        ("+", "%2B"),  // a plus sign is encoded, so no server reads it as a space
        ("%", "%25"),  // a percent sign cannot start a fake escape
        ("/?#[]@", "%2F%3F%23%5B%5D%40"),  // gen-delims
        ("!$'()*,;", "%21%24%27%28%29%2A%2C%3B"),  // sub-delims
        ("\r\n", "%0D%0A"),  // CR LF cannot end the request line
        ("\u{0}", "%00"),  // NUL
        ("é", "%C3%A9"),  // UTF-8 bytes, upper-case hex
        ("🚀", "%F0%9F%9A%80"),  // four-byte scalar
        ("\u{7f}", "%7F"),  // DEL
    ]

    /// Each value is encoded byte by byte, upper-case hex.
    @Test(arguments: encodings)
    func percentEncodesQueryValue(value: String, encoded: String) {
        #expect(HTTPRequest.percentEncodedQueryValue(value) == encoded)
    }

    /// The filters query of a container list, end to end: request line as sent.
    @Test func containerListRequestLine() {
        let filters = #"{"label":["ipv6-reconcile"]}"#
        let target = "/v1.41/containers/json?filters=" + HTTPRequest.percentEncodedQueryValue(filters)
        let bytes = HTTPRequest(method: "GET", target: target).serialized(userAgent: "ua")
        let firstLine = String(decoding: bytes.prefix { $0 != 0x0d }, as: UTF8.self)
        #expect(firstLine == "GET /v1.41/containers/json?filters=%7B%22label%22%3A%5B%22ipv6-reconcile%22%5D%7D HTTP/1.1")
    }
}

/// An HTTP/1.1 request to the engine, and its exact bytes on the wire.
public struct HTTPRequest: Hashable, Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// The path with its query, already percent-encoded (see ``percentEncodedQueryValue(_:)``).
    public var target: String
    /// A JSON body, for POST.
    public var body: [UInt8]?

    /// Builds a request.
    public init(method: String, target: String, body: [UInt8]? = nil) {
        self.method = method
        self.target = target
        self.body = body
    }

    /// The request's bytes. `Connection: close` because each request has its own connection;
    /// `Host` is required by HTTP/1.1 and ignored by the engine on a Unix socket.
    public func serialized(userAgent: String) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: docker\r\nUser-Agent: \(userAgent)\r\n"
            + "Accept: application/json\r\nConnection: close\r\n"
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + (body ?? [])
    }

    /// Percent-encodes a query value: everything but RFC 3986's unreserved characters.
    public static func percentEncodedQueryValue(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xf)]], as: UTF8.self)
            }
        }
        return result
    }
}

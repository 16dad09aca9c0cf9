/// An incremental HTTP/1.1 response parser: feed it bytes as they arrive, get the response once it
/// is complete. Pure (no I/O), so every malformed input is a unit test. Handles Content-Length,
/// chunked (with extensions and trailers, which are ignored) and close-delimited bodies, and
/// holds at most the limits' worth of bytes.
public struct HTTPResponseParser: Sendable {
    private enum State: Sendable {
        case statusLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case complete
    }

    private let limits: HTTPLimits
    private var state = State.statusLine
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var status = 0
    private var headers: [(name: String, value: String)] = []
    private var trailerCount = 0
    private var body: [UInt8] = []
    /// Whether any byte arrived. The buffer cannot tell: it is emptied as lines are consumed, so
    /// after a complete `100 Continue` it looked as if nothing had been received.
    private var receivedAny = false

    /// A parser bounded by `limits`.
    public init(limits: HTTPLimits = .engine) {
        self.limits = limits
    }

    /// Feeds bytes; returns the response once complete, nil while more is needed.
    public mutating func consume(_ bytes: some Collection<UInt8>) throws(HTTPParseError) -> HTTPResponse? {
        if case .complete = state { return response }
        buffer.append(contentsOf: bytes)
        if !bytes.isEmpty { receivedAny = true }
        try advance()
        // Drop what was consumed so the buffer holds only the unparsed tail.
        if cursor > 0 {
            buffer.removeFirst(cursor)
            cursor = 0
        }
        if case .complete = state { return response }
        return nil
    }

    /// Signals that the peer closed: completes a close-delimited body, else reports truncation.
    public mutating func finish() throws(HTTPParseError) -> HTTPResponse {
        switch state {
        case .complete: return response
        case .untilClose:
            state = .complete
            return response
        case .statusLine: throw .truncated(during: receivedAny ? "status line" : "status line (no bytes received)")
        case .headers: throw .truncated(during: "headers")
        case .fixedBody: throw .truncated(during: "body")
        case .chunkSize, .chunkData, .chunkDataEnd: throw .truncated(during: "chunked body")
        case .trailers: throw .truncated(during: "chunked body's trailer")
        }
    }

    private var response: HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body)
    }

    private mutating func advance() throws(HTTPParseError) {
        while true {
            switch state {
            case .statusLine:
                guard let line = try nextLine() else { return }
                status = try Self.parseStatusLine(line)
                headers = []
                state = .headers
            case .headers:
                guard let line = try nextLine() else { return }
                if line.isEmpty {
                    try startBody()
                } else {
                    guard headers.count < limits.maximumHeaderCount else { throw .tooManyHeaders(limit: limits.maximumHeaderCount) }
                    headers.append(try Self.parseHeaderLine(line))
                }
            case .fixedBody(let remaining):
                let take = min(remaining, buffer.count - cursor)
                body.append(contentsOf: buffer[cursor..<cursor + take])
                cursor += take
                if take == remaining { state = .complete } else { state = .fixedBody(remaining: remaining - take); return }
            case .chunkSize:
                guard let line = try nextLine() else { return }
                let size = try Self.parseChunkSize(line)
                if size == 0 {
                    state = .trailers
                } else {
                    guard size <= limits.maximumBodyBytes - body.count else { throw .bodyTooLarge(limit: limits.maximumBodyBytes) }
                    // A large chunk (the engine sends a big list as one) is reserved for exactly,
                    // not grown into by doubling, which would leave up to half the buffer unused;
                    // small chunks keep the amortized doubling, so many of them stay linear.
                    if size > body.capacity - body.count {
                        body.reserveCapacity(max(body.count + size, body.capacity * 2))
                    }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let take = min(remaining, buffer.count - cursor)
                body.append(contentsOf: buffer[cursor..<cursor + take])
                cursor += take
                if take == remaining { state = .chunkDataEnd } else { state = .chunkData(remaining: remaining - take); return }
            case .chunkDataEnd:
                guard cursor < buffer.count else { return }
                if buffer[cursor] == 0x0a {
                    cursor += 1
                } else if buffer[cursor] == 0x0d {
                    guard cursor + 1 < buffer.count else { return }
                    guard buffer[cursor + 1] == 0x0a else { throw .missingChunkTerminator }
                    cursor += 2
                } else {
                    throw .missingChunkTerminator
                }
                state = .chunkSize
            case .trailers:
                guard let line = try nextLine() else { return }
                if line.isEmpty {
                    state = .complete
                } else {
                    trailerCount += 1
                    guard trailerCount <= limits.maximumHeaderCount else { throw .tooManyHeaders(limit: limits.maximumHeaderCount) }
                    _ = try Self.parseHeaderLine(line)
                }
            case .untilClose:
                let available = buffer.count - cursor
                guard available <= limits.maximumBodyBytes - body.count else { throw .bodyTooLarge(limit: limits.maximumBodyBytes) }
                body.append(contentsOf: buffer[cursor...])
                cursor = buffer.count
                return
            case .complete:
                return
            }
        }
    }

    /// Chooses the body framing once the headers are in (RFC 9112 section 6.3).
    private mutating func startBody() throws(HTTPParseError) {
        if (100..<200).contains(status) {
            // 100 Continue is followed by the real response; anything else in 1xx is not for us.
            guard status == 100 else { throw .unexpectedInterimStatus(status) }
            state = .statusLine
            return
        }
        let lengths = headers.filter { $0.name.lowercased() == "content-length" }.map(\.value)
        let encodings = headers.filter { $0.name.lowercased() == "transfer-encoding" }.map(\.value)
        if status == 204 || status == 304 {
            state = .complete
            return
        }
        if !encodings.isEmpty {
            let joined = encodings.joined(separator: ", ")
            guard encodings.count == 1, joined.lowercased() == "chunked" else { throw .unsupportedTransferEncoding(joined) }
            // Both framings at once is how request smuggling starts; a sane engine never sends it.
            guard lengths.isEmpty else { throw .unsupportedTransferEncoding("chunked with Content-Length") }
            state = .chunkSize
            return
        }
        if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }) else { throw .badContentLength(lengths.joined(separator: ", ")) }
            let digits = Array(first.utf8)
            guard (1...19).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let length = Int(first)
            else { throw .badContentLength(first) }
            guard length <= limits.maximumBodyBytes else { throw .bodyTooLarge(limit: limits.maximumBodyBytes) }
            body.reserveCapacity(length)
            state = length == 0 ? .complete : .fixedBody(remaining: length)
            return
        }
        state = .untilClose
    }

    /// The next line without its CRLF (or bare LF), or nil when it is not all here yet.
    private mutating func nextLine() throws(HTTPParseError) -> ArraySlice<UInt8>? {
        guard let newline = buffer[cursor...].firstIndex(of: 0x0a) else {
            // A trailing CR may be the first half of the line's CRLF, so an unterminated line of
            // exactly limit + 1 bytes ending in CR is not too long yet. Counting that CR (as this
            // once did) made a line of exactly the limit fail when the peer's write was split
            // between CR and LF but pass when it arrived whole (found by scripts/fuzz).
            let pending = buffer.count - cursor
            if pending > limits.maximumLineBytes + 1 || (pending == limits.maximumLineBytes + 1 && buffer.last != 0x0d) {
                throw .lineTooLong(limit: limits.maximumLineBytes)
            }
            return nil
        }
        var end = newline
        if end > cursor && buffer[end - 1] == 0x0d { end -= 1 }
        guard end - cursor <= limits.maximumLineBytes else { throw .lineTooLong(limit: limits.maximumLineBytes) }
        let line = buffer[cursor..<end]
        cursor = newline + 1
        return line
    }

    /// `HTTP/1.x NNN [reason]`.
    static func parseStatusLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        let bytes = Array(line)
        let text = String(decoding: bytes, as: UTF8.self)
        let prefix = Array("HTTP/1.".utf8)
        guard bytes.count >= 12, Array(bytes[0..<7]) == prefix, bytes[7] >= 0x30, bytes[7] <= 0x39,
            bytes[8] == 0x20, bytes[9...11].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            bytes.count == 12 || bytes[12] == 0x20
        else { throw .badStatusLine(text) }
        let status = bytes[9...11].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard (100...599).contains(status) else { throw .badStatusLine(text) }
        return status
    }

    /// `name: value`, the name an RFC 9110 token, the value trimmed of spaces and tabs.
    static func parseHeaderLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (name: String, value: String) {
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { throw .badHeaderLine(text) }
        let name = line[line.startIndex..<colon]
        guard name.allSatisfy(isTokenByte) else { throw .badHeaderLine(text) }
        var value = line[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// A chunk-size line: 1 to 16 hex digits, then optionally whitespace and `;extensions`, which
    /// are ignored. No sign, no `0x`, no overflow.
    static func parseChunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        let text = String(decoding: line, as: UTF8.self)
        var digits = line
        if let semicolon = line.firstIndex(of: UInt8(ascii: ";")) { digits = line[line.startIndex..<semicolon] }
        while let last = digits.last, last == 0x20 || last == 0x09 { digits = digits.dropLast() }
        guard (1...16).contains(digits.count) else { throw .badChunkSize(text) }
        var size: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x61...0x66: digit = UInt64(byte - 0x61 + 10)
            case 0x41...0x46: digit = UInt64(byte - 0x41 + 10)
            default: throw .badChunkSize(text)
            }
            size = size << 4 | digit
        }
        guard size <= UInt64(Int.max) else { throw .badChunkSize(text) }
        return Int(size)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5a, 0x61...0x7a: return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

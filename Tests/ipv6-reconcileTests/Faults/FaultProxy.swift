import Foundation
import Glibc

/// What the proxy does with a request that a rule matches. Each case is one way a real engine (or
/// whatever sits on its socket) can let the tool down; the tests show the tool turns every one of
/// them into a bounded, one-line failure and leaves the engine as it was.
enum Fault: Sendable {
    /// Forward to the engine and relay its answer byte for byte.
    case passThrough
    /// Hold the answer for `seconds`, then pass through if the client is still waiting: a slow
    /// engine. A client that hung up meanwhile gets nothing, and the request is not forwarded,
    /// so a write the tool gave up on never happens behind its back.
    case delay(seconds: Double)
    /// Read the request and never answer (until the client hangs up): a stuck engine.
    case neverAnswer
    /// Forward, then send the real answer one byte every `interval` seconds: every single read
    /// makes progress, so only a deadline on the whole answer (not on each read) ends it.
    case trickle(interval: Double)
    /// Send the status line and half a header, then close.
    case closeMidHeaders
    /// Forward, then send the real headers (with a Content-Length) and half the real body, then
    /// close.
    case closeMidBody
    /// Forward, then send the real body re-framed as chunked and close before the terminating
    /// zero-size chunk. Docker 20.10 frames small lists with Content-Length and large ones with
    /// chunks, so the chunked framing is synthesized from the real body rather than hoped for.
    case truncateChunked
    /// Answer with `status` and `body` (Content-Length framed) without forwarding.
    case respond(status: Int, body: String)
    /// Forward (the engine does it), but answer with `status` and `body` instead of the engine's
    /// answer: what a run sees when a concurrent run got there first.
    case forwardThenRespond(status: Int, body: String)
    /// Announce a body of `bytes` with Content-Length, send one byte of it, and wait for the
    /// client to hang up: the client must refuse from the header alone.
    case announceHugeBody(bytes: Int)
    /// A chunked body of `chunkBytes` chunks that never ends, stopped when the client hangs up or
    /// after `maximumBytes` (a bound, so that a client that never refuses cannot hang the test).
    case endlessChunked(chunkBytes: Int, maximumBytes: Int)
}

/// Which request paths a rule matches (the path without its query).
enum PathPattern: Sendable, CustomStringConvertible {
    /// Any path containing the text, e.g. `/connect`, `/containers/json`, `/_ping`.
    case contains(String)
    /// Paths ending with the text: `/networks` is the network list, not `/networks/<id>/connect`.
    case hasSuffix(String)

    /// Whether `path` matches.
    func matches(_ path: String) -> Bool {
        switch self {
        case .contains(let text): path.contains(text)
        case .hasSuffix(let text): path.hasSuffix(text)
        }
    }

    /// For messages.
    var description: String {
        switch self {
        case .contains(let text): "*\(text)*"
        case .hasSuffix(let text): "*\(text)"
        }
    }
}

/// Chooses a fault for the requests it matches: method, path and (for writes that concern one
/// container) a text the body must contain, such as the container's ID.
struct FaultRule: Sendable {
    /// `GET` or `POST`.
    let method: String
    /// Which paths.
    let path: PathPattern
    /// When set, only requests whose body contains it.
    var bodyContains: String?
    /// What to do.
    let fault: Fault

    /// Builds a rule.
    init(_ method: String, _ path: PathPattern, bodyContains: String? = nil, _ fault: Fault) {
        self.method = method
        self.path = path
        self.bodyContains = bodyContains
        self.fault = fault
    }

    /// Whether the rule applies to `request`.
    func matches(_ request: ProxiedRequest) -> Bool {
        request.method == method && path.matches(request.path)
            && (bodyContains.map { String(decoding: request.body, as: UTF8.self).contains($0) } ?? true)
    }
}

/// One request as the proxy read it.
struct ProxiedRequest: Sendable {
    /// `GET`, `POST`...
    let method: String
    /// The path without the query, e.g. `/v1.41/containers/json`.
    let path: String
    /// The body (POST).
    let body: [UInt8]
    /// The bytes as received, forwarded unchanged to the engine.
    let raw: [UInt8]

    /// `GET /v1.41/containers/json`: how the tool names the operation in its errors.
    var operation: String { "\(method) \(path)" }
}

/// A request the proxy saw, and what it did with it.
struct ProxyRecord: Sendable {
    /// The request's operation, `METHOD /path`.
    let operation: String
    /// The request's body as text.
    let body: String
    /// Whether a fault rule (not plain pass-through) handled it.
    let faulted: Bool
}

/// A Unix-socket proxy in front of the real engine socket that passes requests through or, per
/// rule, misbehaves (see ``Fault``). Each connection is served by its own thread with every wait
/// bounded (100 ms socket timeouts, overall deadlines), and ``stop()`` waits a bounded time for
/// them all, so a proxy can neither hang the test that owns it nor outlive it. Use it through
/// ``with(engineHost:rules:_:)``, which stops it however the test ends.
final class FaultProxy: @unchecked Sendable {
    /// The socket the proxy listens on, `/tmp/fp-XXXXXXXX.sock` (short: `sun_path` holds 107 bytes).
    let socketPath: String
    /// The real engine's socket.
    let enginePath: String

    /// The URL the tool is given with `--host`, and names in its errors.
    var url: String { "unix://" + socketPath }

    private let state = NSLock()
    private var rules: [FaultRule]
    private var records: [ProxyRecord] = []
    private var notes: [String] = []
    private var stopping = false
    private var threads = 0
    private var listenFD: Int32 = -1

    /// The longest any one connection is served: above every timeout a test gives the tool, below
    /// the runner's 90 s, so a client that never hangs up still cannot pin a thread.
    static let connectionLimitSeconds = 60.0

    private init(socketPath: String, enginePath: String, rules: [FaultRule]) {
        self.socketPath = socketPath
        self.enginePath = enginePath
        self.rules = rules
    }

    /// Runs `body` with a proxy listening in front of `engineHost` (`unix:///...`), applying
    /// `rules` (first match wins; unmatched requests pass through), and stops it afterwards.
    static func with<Result>(
        engineHost: String, rules: [FaultRule], _ body: (FaultProxy) async throws -> Result
    ) async throws -> Result {
        let proxy = try start(engineHost: engineHost, rules: rules)
        defer { proxy.stop() }
        return try await body(proxy)
    }

    /// Starts a proxy; the caller must ``stop()`` it.
    static func start(engineHost: String, rules: [FaultRule]) throws -> FaultProxy {
        guard engineHost.hasPrefix("unix://") else { throw FaultProxyError("the proxy fronts Unix sockets only, not \(engineHost)") }
        let random = String(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff_ffff, radix: 16)
        let proxy = FaultProxy(
            socketPath: "/tmp/fp-\(random).sock", enginePath: String(engineHost.dropFirst("unix://".count)), rules: rules)
        try proxy.listen()
        return proxy
    }

    /// Replaces the rules, e.g. to let the next run through.
    func setRules(_ newRules: [FaultRule]) {
        state.withLock { rules = newRules }
    }

    /// Every request seen so far, in order of arrival.
    var requests: [ProxyRecord] { state.withLock { records } }

    /// What the fault handlers observed (the client hung up, a stream was cut...), for asserting
    /// that a fault really played out as intended.
    var observations: [String] { state.withLock { notes } }

    /// How many requests with `method` and a path matching `path` the proxy saw.
    func count(_ method: String, _ path: PathPattern) -> Int {
        requests.count { record in
            let parts = record.operation.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0] == Substring(method) && path.matches(String(parts[1]))
        }
    }

    /// The operations (`METHOD /path`) of the requests a fault handled, in order.
    var faultedOperations: [String] { requests.filter(\.faulted).map(\.operation) }

    /// Stops listening, removes the socket, and waits (at most 5 s) for every connection thread to
    /// end. Idempotent.
    func stop() {
        let fd: Int32 = state.withLock {
            stopping = true
            defer { listenFD = -1 }
            return listenFD
        }
        if fd >= 0 { unlink(socketPath) }
        // Every thread polls `stopping` at least every 100 ms, so this wait ends long before its
        // bound; the listening socket is closed only after the accept thread has let go of it.
        let deadline = Date().addingTimeInterval(5)
        while state.withLock({ threads }) > 0 && Date() < deadline { usleep(10_000) }
        if fd >= 0 { close(fd) }
    }

    private var isStopping: Bool { state.withLock { stopping } }

    private func note(_ text: String) { state.withLock { notes.append(text) } }

    // MARK: listening

    private func listen() throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw FaultProxyError("socket: \(errnoText())") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            let text = errnoText()
            close(fd)
            throw FaultProxyError("cannot listen on \(socketPath): \(text)")
        }
        state.withLock {
            listenFD = fd
            threads += 1
        }
        let thread = Thread { [self] in
            defer { state.withLock { threads -= 1 } }
            acceptLoop(fd)
        }
        thread.start()
    }

    private func acceptLoop(_ fd: Int32) {
        while !isStopping {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else { continue }
            // accept4 is not in Glibc's Swift overlay; the window before FD_CLOEXEC only matters
            // to a child spawned in it, which would merely hold the connection open a while.
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            setTimeouts(client)
            state.withLock { threads += 1 }
            let thread = Thread { [self] in
                defer {
                    close(client)
                    state.withLock { threads -= 1 }
                }
                serve(client)
            }
            thread.start()
        }
    }

    // MARK: serving

    private func serve(_ client: Int32) {
        let deadline = Date().addingTimeInterval(Self.connectionLimitSeconds)
        guard let request = readRequest(client, deadline: deadline) else { return }
        let fault: Fault = state.withLock {
            let rule = rules.first { $0.matches(request) }
            records.append(ProxyRecord(
                operation: request.operation, body: String(decoding: request.body, as: UTF8.self), faulted: rule != nil))
            return rule?.fault ?? .passThrough
        }
        switch fault {
        case .passThrough:
            if let answer = exchange(request.raw) { _ = send(client, answer, deadline: deadline) }
        case .delay(let seconds):
            if waitForHangUp(client, until: min(deadline, Date().addingTimeInterval(seconds))) {
                note("client hung up during the delay of \(request.operation)")
            } else if let answer = exchange(request.raw) {
                _ = send(client, answer, deadline: deadline)
            }
        case .neverAnswer:
            if waitForHangUp(client, until: deadline) { note("client hung up waiting for \(request.operation)") }
        case .trickle(let interval):
            guard let answer = exchange(request.raw) else { return }
            for byte in answer {
                guard send(client, [byte], deadline: deadline) else {
                    note("client hung up during the trickled answer to \(request.operation)")
                    return
                }
                if waitForHangUp(client, until: min(deadline, Date().addingTimeInterval(interval))) {
                    note("client hung up during the trickled answer to \(request.operation)")
                    return
                }
            }
        case .closeMidHeaders:
            _ = send(client, Array("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Ty".utf8), deadline: deadline)
        case .closeMidBody:
            guard let answer = exchange(request.raw).flatMap(EngineAnswer.init) else { return }
            let half = answer.body.count / 2
            _ = send(client, answer.head(framing: "Content-Length: \(answer.body.count)") + answer.body.prefix(max(half, 1)), deadline: deadline)
        case .truncateChunked:
            guard let answer = exchange(request.raw).flatMap(EngineAnswer.init) else { return }
            var bytes = answer.head(framing: "Transfer-Encoding: chunked")
            // Two chunks, so the cut comes after a complete chunk boundary, where a careless
            // parser might take what it has as the whole body.
            let half = max(answer.body.count / 2, 1)
            for piece in [answer.body.prefix(half), answer.body.dropFirst(half)] where !piece.isEmpty {
                bytes += Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + Array("\r\n".utf8)
            }
            _ = send(client, bytes, deadline: deadline)
        case .respond(let status, let body):
            _ = send(client, Self.cannedResponse(status: status, body: body), deadline: deadline)
        case .forwardThenRespond(let status, let body):
            _ = exchange(request.raw)
            _ = send(client, Self.cannedResponse(status: status, body: body), deadline: deadline)
        case .announceHugeBody(let bytes):
            let head = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nContent-Length: \(bytes)\r\n\r\n["
            guard send(client, Array(head.utf8), deadline: deadline) else { return }
            if waitForHangUp(client, until: deadline) { note("client hung up after the announced \(bytes)-byte body") }
        case .endlessChunked(let chunkBytes, let maximumBytes):
            streamChunks(client, chunkBytes: chunkBytes, maximumBytes: maximumBytes, deadline: deadline)
        }
    }

    private func streamChunks(_ client: Int32, chunkBytes: Int, maximumBytes: Int, deadline: Date) {
        let head = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        guard send(client, Array(head.utf8), deadline: deadline) else { return }
        // Spaces: valid JSON whitespace, so only the size can be the reason to refuse.
        let chunk = Array((String(chunkBytes, radix: 16) + "\r\n").utf8) + [UInt8](repeating: 0x20, count: chunkBytes) + Array("\r\n".utf8)
        var sent = 0
        while sent < maximumBytes {
            guard send(client, chunk, deadline: deadline) else {
                note("stream stopped: client hung up after \(sent) body bytes")
                return
            }
            sent += chunkBytes
        }
        note("stream stopped: reached the proxy's bound of \(sent) body bytes without the client hanging up")
    }

    /// A complete response with a JSON content type, `Connection: close`.
    private static func cannedResponse(status: Int, body: String) -> [UInt8] {
        let reason = [200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 500: "Internal Server Error"][status] ?? "Status"
        let bytes = Array(body.utf8)
        let head = "HTTP/1.1 \(status) \(reason)\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + bytes
    }

    // MARK: socket helpers

    /// 100 ms receive and send timeouts: every blocking call returns often enough to check the
    /// deadlines and `stopping`.
    private func setTimeouts(_ fd: Int32) {
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads one request: the head up to the blank line, then a Content-Length body.
    private func readRequest(_ fd: Int32, deadline: Date) -> ProxiedRequest? {
        var buffer: [UInt8] = []
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        var bodyLength = 0
        while true {
            if headEnd == nil, let end = buffer.firstRange(of: separator)?.upperBound {
                headEnd = end
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headEnd, buffer.count >= headEnd + bodyLength {
                // Bytes, not Characters: "\r\n" is one Character, so a String never holds a lone "\r".
                let requestLine = buffer[..<headEnd].prefix { $0 != 0x0d }
                let words = String(decoding: requestLine, as: UTF8.self).split(separator: " ")
                guard words.count == 3 else { return nil }
                let path = String(words[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
                return ProxiedRequest(
                    method: String(words[0]), path: path, body: Array(buffer[headEnd..<headEnd + bodyLength]),
                    raw: Array(buffer[..<(headEnd + bodyLength)]))
            }
            guard let more = receive(fd, deadline: deadline), !more.isEmpty else { return nil }
            buffer += more
            if buffer.count > 1 << 20 { return nil }
        }
    }

    /// Sends the request to the engine on a fresh connection and returns everything it answers
    /// up to its close (the tool asks for `Connection: close`, so the engine closes after one
    /// answer), within 30 s (a loaded engine can be slow); nil if the engine cannot be reached.
    private func exchange(_ request: [UInt8]) -> [UInt8]? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(enginePath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            note("cannot reach the engine at \(enginePath): \(errnoText())")
            return nil
        }
        setTimeouts(fd)
        let deadline = Date().addingTimeInterval(30)
        guard send(fd, request, deadline: deadline) else { return nil }
        var answer: [UInt8] = []
        while let more = receive(fd, deadline: deadline) {
            if more.isEmpty { return answer }
            answer += more
        }
        note("the engine did not finish its answer within 30 s")
        return nil
    }

    /// Up to 64 KiB; empty at end of stream; nil on error, deadline, or stop.
    private func receive(_ fd: Int32, deadline: Date) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while Date() < deadline && !isStopping {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(chunk[0..<count]) }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
            return nil
        }
        return nil
    }

    /// Sends everything; false when the peer went away, the deadline passed, or the proxy stops.
    private func send(_ fd: Int32, _ bytes: [UInt8], deadline: Date) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard Date() < deadline, !isStopping else { return false }
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Waits until the client closes its end (true) or `until` passes or the proxy stops (false).
    /// Anything the client sends meanwhile is read and dropped.
    private func waitForHangUp(_ fd: Int32, until: Date) -> Bool {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while Date() < until && !isStopping {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return true }
        }
        return false
    }
}

/// The engine's answer split into head and decoded body, for the faults that re-frame it.
private struct EngineAnswer {
    /// The status line.
    let statusLine: String
    /// Header lines other than the framing ones (Content-Length, Transfer-Encoding, Connection).
    let headers: [String]
    /// The body, de-chunked.
    let body: [UInt8]

    /// Splits a raw answer; nil when it is not a complete response with a well-formed body.
    init?(_ raw: [UInt8]) {
        guard let end = raw.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound else { return nil }
        let lines = String(decoding: raw[..<end], as: UTF8.self).split(separator: "\r\n").map(String.init)
        guard let first = lines.first else { return nil }
        statusLine = first
        let framing = ["content-length:", "transfer-encoding:", "connection:"]
        headers = lines.dropFirst().filter { line in !framing.contains { line.lowercased().hasPrefix($0) } }
        let chunked = lines.contains { $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked") }
        var rest = Array(raw[end...])
        if !chunked {
            body = rest
            return
        }
        var decoded: [UInt8] = []
        while let lineEnd = rest.firstRange(of: Array("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            if size == 0 { break }
            let start = lineEnd.upperBound
            guard rest.count >= start + size + 2 else { return nil }
            decoded += rest[start..<start + size]
            rest = Array(rest[(start + size + 2)...])
        }
        body = decoded
    }

    /// The status line and headers with `framing` in place of the engine's own, and the blank line.
    func head(framing: String) -> [UInt8] {
        Array(([statusLine] + headers + [framing, "Connection: close"]).joined(separator: "\r\n").utf8) + Array("\r\n\r\n".utf8)
    }
}

/// The proxy could not start.
struct FaultProxyError: Error, CustomStringConvertible {
    /// Why.
    let description: String

    /// Wraps a message.
    init(_ description: String) { self.description = description }
}

private func errnoText() -> String { String(cString: strerror(errno)) }

/// How a request reaches the engine and its answer comes back: the engine adapter's one effect.
/// ``EngineTransport`` is the socket; tests script answers from captured engine JSON.
public protocol EngineTransporting: Sendable {
    /// The engine's address, for messages.
    var endpoint: EngineEndpoint { get }
    /// Performs `request` and returns the whole response, or the failure.
    func perform(_ request: HTTPRequest) throws(EngineError) -> HTTPResponse
}

/// Sends one request to the engine on a fresh connection and reads the whole response, all
/// within one deadline: a stuck engine costs at most `timeoutSeconds` per request, never a hang.
public struct EngineTransport: EngineTransporting {
    /// The engine's address.
    public let endpoint: EngineEndpoint
    /// The per-request deadline, in seconds.
    public let timeoutSeconds: Double
    /// Bounds on the response.
    public let limits: HTTPLimits
    /// Sent as `User-Agent`, so engine logs say who called.
    public let userAgent: String

    /// Builds a transport.
    public init(endpoint: EngineEndpoint, timeoutSeconds: Double, limits: HTTPLimits = .engine, userAgent: String) {
        self.endpoint = endpoint
        self.timeoutSeconds = timeoutSeconds
        self.limits = limits
        self.userAgent = userAgent
    }

    /// Performs `request`; `operation` names it in errors.
    public func perform(_ request: HTTPRequest) throws(EngineError) -> HTTPResponse {
        let operation = "\(request.method) \(request.target.split(separator: "?", maxSplits: 1).first ?? "")"
        func failure(_ cause: EngineError.Cause) -> EngineError {
            EngineError(endpoint: endpoint, operation: operation, cause: cause)
        }
        let deadline = Deadline.after(seconds: timeoutSeconds)
        let connection: SocketConnection
        do {
            connection = try SocketConnection.open(endpoint, deadline: deadline)
        } catch {
            throw failure(.connect(error))
        }
        do {
            try connection.sendAll(request.serialized(userAgent: userAgent), deadline: deadline)
        } catch {
            throw failure(error == .timedOut ? .timeout(seconds: timeoutSeconds) : .io(error))
        }
        var parser = HTTPResponseParser(limits: limits)
        // 64 KiB reads: few syscalls for a large container list, little memory for a ping.
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count: Int
            do {
                count = try connection.receive(into: chunk, deadline: deadline)
            } catch {
                throw failure(error == .timedOut ? .timeout(seconds: timeoutSeconds) : .io(error))
            }
            do {
                if count == 0 { return try parser.finish() }
                if let response = try parser.consume(UnsafeRawBufferPointer(rebasing: chunk[0..<count])) {
                    return response
                }
            } catch {
                throw failure(.malformedResponse(error))
            }
        }
    }
}

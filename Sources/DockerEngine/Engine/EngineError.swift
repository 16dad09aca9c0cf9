import ReconcileCore
import SystemCalls

/// A failure talking to the engine. Every case renders as one line naming the endpoint, the
/// operation and the cause, with a hint where there is an obvious fix.
public struct EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The engine's address.
    public let endpoint: EngineEndpoint
    /// What we were doing, e.g. `GET /v1.41/networks`.
    public let operation: String
    /// What went wrong.
    public let cause: Cause

    /// Builds an error.
    public init(endpoint: EngineEndpoint, operation: String, cause: Cause) {
        self.endpoint = endpoint
        self.operation = operation
        self.cause = cause
    }

    /// The kinds of failure.
    public enum Cause: Hashable, Sendable {
        /// The connection could not be made.
        case connect(Errno)
        /// The deadline passed.
        case timeout(seconds: Double)
        /// Sending or receiving failed.
        case io(Errno)
        /// The response was not valid HTTP within our limits.
        case malformedResponse(HTTPParseError)
        /// The engine answered with an error status.
        case status(Int, message: String)
        /// A 2xx body that is not the JSON we expect.
        case undecodable(String)
        /// `/_ping` carried no `Api-Version` header.
        case missingAPIVersion
        /// The engine's API is older than we speak.
        case unsupportedAPIVersion(server: String)
    }

    /// Whether the engine answered with this status (the only kind of error that is per-container
    /// on a write; the rest mean the engine is gone or broken).
    public var status: Int? {
        if case .status(let status, _) = cause { return status }
        return nil
    }

    /// The engine's `message`, for status errors.
    public var message: String {
        if case .status(_, let message) = cause { return message }
        return ""
    }

    /// A one-line message.
    public var description: String {
        let prefix = "\(operation) on \(endpoint)"
        switch cause {
        case .connect(let errno):
            var hint = ""
            if errno == .noSuchFile || errno == .connectionRefused {
                hint = " (is the Docker engine running? set --host or DOCKER_HOST)"
            } else if errno == .permissionDenied {
                hint = " (run as root or as a member of the socket's group, e.g. docker)"
            } else if errno == .timedOut {
                hint = " (the engine did not accept the connection in time)"
            }
            return "\(prefix): cannot connect: \(errno)\(hint)"
        case .timeout(let seconds): return "\(prefix): no complete answer within \(formatSeconds(seconds)) s (--timeout)"
        case .io(let errno): return "\(prefix): \(errno)"
        case .malformedResponse(let error): return "\(prefix): bad HTTP response: \(error)"
        case .status(let status, let message): return "\(prefix): engine answered \(status): \(singleLine(message))"
        case .undecodable(let detail): return "\(prefix): unexpected response body: \(singleLine(detail))"
        case .missingAPIVersion: return "\(prefix): the engine did not report its API version (no Api-Version header)"
        case .unsupportedAPIVersion(let server):
            return "\(prefix): the engine speaks API \(singleLine(server)), older than the \(APIVersion.minimum) this tool needs (Docker 19.03 or newer)"
        }
    }

    /// Peer text on one line, at most 200 characters.
    private func singleLine(_ text: String) -> String {
        let flat = String(text.unicodeScalars.prefix(200).map { $0.value < 0x20 || $0.value == 0x7f ? " " : Character($0) })
        return text.unicodeScalars.count > 200 ? flat + "…" : flat
    }

    private func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

import ReconcileCore

/// Where the Docker engine listens: `--host`, else `DOCKER_HOST`, else the default socket.
public enum EngineEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// A Unix socket path.
    case unix(path: String)
    /// Plain HTTP over TCP (no TLS: see ``EndpointError/tlsUnsupported``).
    case tcp(host: String, port: UInt16)

    /// The engine's default socket.
    public static let defaultEndpoint = EngineEndpoint.unix(path: "/var/run/docker.sock")

    /// The longest socket path Linux accepts: `sun_path` is 108 bytes including the final NUL.
    public static let maximumSocketPathBytes = 107

    /// Chooses and parses the endpoint. `option` is `--host`, `environment` the process
    /// environment (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`). An empty `DOCKER_HOST` counts as unset,
    /// as the docker CLI has it.
    public static func resolve(option: String?, environment: [String: String]) throws(EndpointError) -> EngineEndpoint {
        let text: String
        if let option {
            text = option
        } else if let fromEnvironment = environment["DOCKER_HOST"], !fromEnvironment.isEmpty {
            text = fromEnvironment
        } else {
            return defaultEndpoint
        }
        if let verify = environment["DOCKER_TLS_VERIFY"], !verify.isEmpty {
            throw .tlsUnsupported
        }
        return try parse(text)
    }

    /// Parses `unix:///path` or `tcp://host:port`.
    public static func parse(_ text: String) throws(EndpointError) -> EngineEndpoint {
        // No real socket path or host has a control character, and a newline in an accepted
        // address would split every engine error that names it across log lines (this also
        // covers the NUL byte that sun_path cannot hold).
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw .malformed(text, "the address contains a control character")
        }
        let parts = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .malformed(text, "expected unix:///path or tcp://host:port") }
        let scheme = parts[0].lowercased()
        let rest = String(parts[1])
        switch scheme {
        case "unix":
            guard !rest.isEmpty else { throw .malformed(text, "the socket path is empty") }
            guard rest.utf8.count <= maximumSocketPathBytes else {
                throw .socketPathTooLong(rest, bytes: rest.utf8.count)
            }
            return .unix(path: rest)
        case "tcp", "http":
            return try parseHostPort(rest, original: text)
        case "ssh":
            throw .unsupportedScheme(text, "ssh:// needs an SSH client, which this tool does not have; run ipv6-reconcile on the Docker host itself")
        case "https":
            throw .tlsUnsupported
        default:
            throw .unsupportedScheme(text, "only unix:// and tcp:// are supported")
        }
    }

    private static func parseHostPort(_ rest: String, original: String) throws(EndpointError) -> EngineEndpoint {
        var authority = Substring(rest)
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        let host: Substring
        let portText: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .malformed(original, "unclosed [ in the host") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterBracket = authority[authority.index(after: close)...]
            guard afterBracket.hasPrefix(":") else { throw .malformed(original, "expected tcp://[address]:port") }
            portText = afterBracket.dropFirst()
        } else {
            guard let colon = authority.lastIndex(of: ":") else { throw .malformed(original, "expected tcp://host:port") }
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains("/") else { throw .malformed(original, "the host is empty or has a path") }
        guard let port = UInt16(portText), port > 0 else { throw .malformed(original, "the port must be 1 to 65535") }
        return .tcp(host: String(host), port: port)
    }

    /// The endpoint as a URL, for messages.
    public var description: String {
        switch self {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        }
    }
}

/// Why an endpoint was refused: each says what to do instead.
public enum EndpointError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not a URL we understand.
    case malformed(String, String)
    /// A scheme we do not speak.
    case unsupportedScheme(String, String)
    /// TLS was asked for (`DOCKER_TLS_VERIFY`, `https://`).
    case tlsUnsupported
    /// The Unix socket path does not fit in `sun_path`.
    case socketPathTooLong(String, bytes: Int)

    /// A one-line reason.
    public var description: String {
        switch self {
        // The address is quoted (control characters escaped) so that the message stays one line.
        case .malformed(let text, let why): "engine address \(quoted(text)) is malformed: \(why)"
        case .unsupportedScheme(let text, let why): "engine address \(quoted(text)) is not supported: \(why)"
        case .tlsUnsupported:
            "TLS is not supported (DOCKER_TLS_VERIFY is set or the address is https://); use the engine's Unix socket"
        case .socketPathTooLong(_, let bytes):
            "socket path is \(bytes) bytes, longer than the \(EngineEndpoint.maximumSocketPathBytes) a Unix socket allows; use a shorter path or a symlink to it"
        }
    }
}

@testable import DockerEngine
import Testing

/// Choosing and parsing the engine's address: `--host`, then `DOCKER_HOST`, then the default
/// socket; what is refused and why, each reason on one line.
@Suite struct EngineEndpointTests {
    /// A socket path of exactly `bytes` bytes.
    static func path(bytes: Int) -> String { "/" + String(repeating: "s", count: bytes - 1) }

    /// Addresses that parse, and what each means.
    static let valid: [(text: String, endpoint: EngineEndpoint)] = [
        ("unix:///var/run/docker.sock", .unix(path: "/var/run/docker.sock")),  // the default, spelled out
        ("unix:///run/user/1000/docker.sock", .unix(path: "/run/user/1000/docker.sock")),  // rootless
        ("unix://relative.sock", .unix(path: "relative.sock")),  // a relative path is the caller's business
        ("UNIX:///x.sock", .unix(path: "/x.sock")),  // the scheme is case-insensitive
        ("unix:///a b/docker.sock", .unix(path: "/a b/docker.sock")),  // spaces are legal in a path
        ("unix:///tmp/a://b", .unix(path: "/tmp/a://b")),  // only the first :// separates the scheme
        ("unix://" + path(bytes: 107), .unix(path: path(bytes: 107))),  // 107 bytes + NUL fill sun_path
        ("tcp://127.0.0.1:2375", .tcp(host: "127.0.0.1", port: 2375)),  // IPv4 literal
        ("tcp://localhost:2375", .tcp(host: "localhost", port: 2375)),  // host name
        ("tcp://docker.example:1", .tcp(host: "docker.example", port: 1)),  // lowest port
        ("tcp://docker.example:65535", .tcp(host: "docker.example", port: 65535)),  // highest port
        ("tcp://localhost:2375/", .tcp(host: "localhost", port: 2375)),  // a trailing slash, as docker allows
        ("tcp://[::1]:2375", .tcp(host: "::1", port: 2375)),  // IPv6 literal in brackets
        ("tcp://[2001:db8::5]:2376", .tcp(host: "2001:db8::5", port: 2376)),  // another IPv6 literal
        ("TCP://localhost:2375", .tcp(host: "localhost", port: 2375)),  // upper-case scheme
        ("http://localhost:2375", .tcp(host: "localhost", port: 2375)),  // http:// is plain TCP too
        ("tcp://host:+80", .tcp(host: "host", port: 80)),  // UInt16's parser takes a plus sign: lenient, harmless
    ]

    /// Each valid address parses to the expected endpoint.
    @Test(arguments: valid)
    func parsesValidAddress(text: String, endpoint: EngineEndpoint) throws {
        #expect(try EngineEndpoint.parse(text) == endpoint)
    }

    /// Addresses that are refused, and the exact reason.
    static let invalid: [(text: String, error: EndpointError)] = [
        ("/var/run/docker.sock",
            .malformed("/var/run/docker.sock", "expected unix:///path or tcp://host:port")),  // no scheme
        ("localhost:2375", .malformed("localhost:2375", "expected unix:///path or tcp://host:port")),  // no scheme
        ("", .malformed("", "expected unix:///path or tcp://host:port")),  // empty (as --host "")
        ("unix://", .malformed("unix://", "the socket path is empty")),  // no path
        ("unix:///a\u{0}b", .malformed("unix:///a\u{0}b", "the address contains a control character")),  // NUL: sun_path ends there
        ("unix:///run/d\n.sock", .malformed("unix:///run/d\n.sock",
            "the address contains a control character")),  // newline: would split every engine error
        ("tcp://host\n:2375", .malformed("tcp://host\n:2375", "the address contains a control character")),  // newline in the host
        ("tcp://host:2375\r\n", .malformed("tcp://host:2375\r\n",
            "the address contains a control character")),  // CRLF pasted from a file
        ("\u{1b}[2Junix:///x", .malformed("\u{1b}[2Junix:///x", "the address contains a control character")),  // terminal escape
        ("unix:///x\u{7f}", .malformed("unix:///x\u{7f}", "the address contains a control character")),  // DEL
        ("unix://" + path(bytes: 108),
            .socketPathTooLong(path(bytes: 108), bytes: 108)),  // 108 bytes leave no room for the NUL
        ("unix://" + String(repeating: "é", count: 54),
            .socketPathTooLong(String(repeating: "é", count: 54), bytes: 108)),  // bytes count, not characters
        ("tcp://host", .malformed("tcp://host", "expected tcp://host:port")),  // no port
        ("tcp://:2375", .malformed("tcp://:2375", "the host is empty or has a path")),  // no host
        ("tcp://", .malformed("tcp://", "expected tcp://host:port")),  // nothing at all
        ("tcp://host:0", .malformed("tcp://host:0", "the port must be 1 to 65535")),  // port 0
        ("tcp://host:65536", .malformed("tcp://host:65536", "the port must be 1 to 65535")),  // past 16 bits
        ("tcp://host:abc", .malformed("tcp://host:abc", "the port must be 1 to 65535")),  // not a number
        ("tcp://host:", .malformed("tcp://host:", "the port must be 1 to 65535")),  // empty port
        ("tcp://host:-1", .malformed("tcp://host:-1", "the port must be 1 to 65535")),  // negative port
        ("tcp://host/path:2375", .malformed("tcp://host/path:2375", "the host is empty or has a path")),  // a path
        ("tcp://host:2375/v1.41", .malformed("tcp://host:2375/v1.41", "the port must be 1 to 65535")),  // a path after the port
        ("tcp://[::1]", .malformed("tcp://[::1]", "expected tcp://[address]:port")),  // bracketed, no port
        ("tcp://[::1:2375", .malformed("tcp://[::1:2375", "unclosed [ in the host")),  // unclosed bracket
        ("tcp://[]:2375", .malformed("tcp://[]:2375", "the host is empty or has a path")),  // empty brackets
        ("ssh://user@host", .unsupportedScheme("ssh://user@host",
            "ssh:// needs an SSH client, which this tool does not have; run ipv6-reconcile on the Docker host itself")),  // ssh
        ("npipe:////./pipe/docker_engine", .unsupportedScheme("npipe:////./pipe/docker_engine",
            "only unix:// and tcp:// are supported")),  // Windows named pipe
        ("fd://", .unsupportedScheme("fd://", "only unix:// and tcp:// are supported")),  // systemd socket activation
        ("https://host:2376", .tlsUnsupported),  // TLS by scheme
    ]

    /// Each invalid address throws exactly the expected error.
    @Test(arguments: invalid)
    func refusesInvalidAddress(text: String, error: EndpointError) {
        #expect(throws: error) { try EngineEndpoint.parse(text) }
    }

    /// Which source wins: `--host` over `DOCKER_HOST` over the default; empty `DOCKER_HOST` is
    /// unset (as the docker CLI has it).
    static let resolutions: [(option: String?, environment: [String: String], expected: EngineEndpoint)] = [
        (nil, [:], .unix(path: "/var/run/docker.sock")),  // nothing set: the default socket
        (nil, ["DOCKER_HOST": ""], .unix(path: "/var/run/docker.sock")),  // empty DOCKER_HOST is unset
        (nil, ["DOCKER_HOST": "unix:///run/d.sock"], .unix(path: "/run/d.sock")),  // from the environment
        (nil, ["DOCKER_HOST": "tcp://[::1]:2375"], .tcp(host: "::1", port: 2375)),  // tcp from the environment
        ("unix:///opt/d.sock", ["DOCKER_HOST": "tcp://h:1"], .unix(path: "/opt/d.sock")),  // --host wins
        ("unix:///opt/d.sock", ["DOCKER_HOST": "ssh://h"], .unix(path: "/opt/d.sock")),  // even over a bad one
        (nil, ["DOCKER_TLS_VERIFY": "1"], .unix(path: "/var/run/docker.sock")),  // TLS flag alone: default socket, no TLS asked
        (nil, ["DOCKER_HOST": "unix:///d.sock", "DOCKER_TLS_VERIFY": ""], .unix(path: "/d.sock")),  // empty flag is unset
        (nil, ["DOCKER_CERT_PATH": "/certs", "DOCKER_HOST": "unix:///d.sock"], .unix(path: "/d.sock")),  // other variables ignored
    ]

    /// Each combination resolves to the expected endpoint.
    @Test(arguments: resolutions)
    func resolvesInOrder(option: String?, environment: [String: String], expected: EngineEndpoint) throws {
        #expect(try EngineEndpoint.resolve(option: option, environment: environment) == expected)
    }

    /// Combinations that are refused.
    static let refusedResolutions: [(option: String?, environment: [String: String], error: EndpointError)] = [
        (nil, ["DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS_VERIFY": "1"], .tlsUnsupported),  // TLS asked for
        ("tcp://h:2376", ["DOCKER_TLS_VERIFY": "1"], .tlsUnsupported),  // TLS with --host
        (nil, ["DOCKER_HOST": "ssh://me@h"], .unsupportedScheme("ssh://me@h",
            "ssh:// needs an SSH client, which this tool does not have; run ipv6-reconcile on the Docker host itself")),  // ssh from the environment
        ("", ["DOCKER_HOST": "unix:///d.sock"], .malformed("", "expected unix:///path or tcp://host:port")),  // --host "" is given, not unset
        (nil, ["DOCKER_HOST": "/var/run/docker.sock"], .malformed("/var/run/docker.sock",
            "expected unix:///path or tcp://host:port")),  // a bare path in DOCKER_HOST
    ]

    /// Each refused combination throws exactly the expected error.
    @Test(arguments: refusedResolutions)
    func refusesResolution(option: String?, environment: [String: String], error: EndpointError) {
        #expect(throws: error) { try EngineEndpoint.resolve(option: option, environment: environment) }
    }

    /// Endpoints print as the URL that parses back to them.
    static let descriptions: [(EngineEndpoint, String)] = [
        (.unix(path: "/var/run/docker.sock"), "unix:///var/run/docker.sock"),  // unix
        (.tcp(host: "localhost", port: 2375), "tcp://localhost:2375"),  // host name
        (.tcp(host: "::1", port: 2375), "tcp://[::1]:2375"),  // IPv6 literal gets its brackets back
    ]

    /// The description is the URL, and it round-trips.
    @Test(arguments: descriptions)
    func describesAsURL(endpoint: EngineEndpoint, text: String) throws {
        #expect(endpoint.description == text)
        #expect(try EngineEndpoint.parse(text) == endpoint)
    }

    /// Every refusal above renders as a single printable line, including the ones that quote an
    /// address with a newline or an escape sequence in it.
    @Test func everyErrorDescriptionIsOneLine() {
        let errors = Self.invalid.map(\.error) + Self.refusedResolutions.map(\.error)
        for error in errors {
            let text = error.description
            #expect(!text.isEmpty)
            #expect(text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7f }, "\(text.debugDescription)")
        }
    }

    /// Descriptions name the address, quoted and escaped, and say what to do.
    static let errorTexts: [(error: EndpointError, text: String)] = [
        (.malformed("tcp://host", "expected tcp://host:port"),
            #"engine address "tcp://host" is malformed: expected tcp://host:port"#),  // the address in quotes
        (.malformed("tcp://h\n:1", "the address contains a control character"),
            #"engine address "tcp://h\u{a}:1" is malformed: the address contains a control character"#),  // newline escaped
        (.unsupportedScheme("ssh://h", "ssh:// needs an SSH client, which this tool does not have; run ipv6-reconcile on the Docker host itself"),
            #"engine address "ssh://h" is not supported: ssh:// needs an SSH client, which this tool does not have; run ipv6-reconcile on the Docker host itself"#),  // says what to do
        (.tlsUnsupported,
            "TLS is not supported (DOCKER_TLS_VERIFY is set or the address is https://); use the engine's Unix socket"),  // says what to do
        (.socketPathTooLong("/x", bytes: 108),
            "socket path is 108 bytes, longer than the 107 a Unix socket allows; use a shorter path or a symlink to it"),  // names both numbers
    ]

    /// Each error renders exactly as expected.
    @Test(arguments: errorTexts)
    func describesError(error: EndpointError, text: String) {
        #expect(error.description == text)
    }
}

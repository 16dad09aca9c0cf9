import Foundation
import Testing

/// The environment contract between `scripts/test` and these tests: which private engine to use,
/// which image to run, and which built executable to drive. Where none of it is set and no engine
/// is required, a plain `swift test`, every suite here is skipped with one line saying how to run
/// it (see ``Trait/needsEngine``). Under `scripts/test` and CI an engine is required: a missing
/// or unsafe variable, or an engine that does not answer, FAILS the test, since a suite that
/// skipped there would report green while testing nothing.
struct TestEnvironment: Sendable {
    /// The private engine, `unix:///tmp/v6r.XXXXXX/docker.sock`.
    let dockerHost: String
    /// The busybox image imported into that engine; its default command sleeps forever.
    let image: String
    /// The built `ipv6-reconcile` executable under test.
    let binary: String
    /// Which engine: `docker-20.10`, `docker-26.1`, `docker-28.5`, `podman-4.3` or `podman-5.4`.
    let engine: String
    /// What filters inbound IPv6 on that engine.
    let firewall: Firewall
    /// Whether that engine runs with Docker's firewall on (`--iptables --ip6tables`), as 28.5 does.
    var firewallOn: Bool { firewall == .on }
    /// Whether the engine is Podman's Docker-compatible service.
    var isPodman: Bool { firewall == .podman }

    /// `IPV6_RECONCILE_TEST_ENGINE_FIREWALL`.
    enum Firewall: String, Sendable {
        /// Docker with `--iptables=false --ip6tables=false` (20.10 here).
        case off
        /// Docker with its firewall on (28.5 here).
        case on
        /// Docker with no firewall option, as a fresh install runs it (26.1 here: `--iptables` on,
        /// `--ip6tables` off before Docker 27, so nothing filters IPv6).
        case defaults
        /// Podman: netavark's rules, which accept replies and leave new inbound traffic alone.
        case podman
    }
    /// The network namespace (`/proc/PID/ns/net`) the harness made to play the upstream router:
    /// it routes 2001:db8::/32 to the engine's namespace over a veth pair.
    let upstreamNetns: String
    /// The engine's own network namespace (`/proc/PID/ns/net`): the "host" whose sysctls,
    /// routes and proxy neighbours `--check` reads when run there.
    let engineNetns: String

    /// The variable naming the private engine.
    static let dockerHostVariable = "IPV6_RECONCILE_TEST_DOCKER_HOST"
    /// The variable naming the test image.
    static let imageVariable = "IPV6_RECONCILE_TEST_IMAGE"
    /// The variable naming the executable under test.
    static let binaryVariable = "IPV6_RECONCILE_BINARY"
    /// The variable naming the engine.
    static let engineVariable = "IPV6_RECONCILE_TEST_ENGINE"
    /// The variable saying what the engine's firewall is (`on`, `off`, `defaults`, `podman`).
    static let firewallVariable = "IPV6_RECONCILE_TEST_ENGINE_FIREWALL"
    /// The variable naming the upstream namespace.
    static let upstreamVariable = "IPV6_RECONCILE_TEST_UPSTREAM_NETNS"
    /// The variable naming the engine's namespace.
    static let engineNetnsVariable = "IPV6_RECONCILE_TEST_ENGINE_NETNS"

    /// Set to 1 by `scripts/test`: the suites run, and fail where the engine is missing.
    static let requireVariable = "IPV6_RECONCILE_REQUIRE_ENGINE"

    /// Whether the integration suites run: under `scripts/test` (or with its variables set by
    /// hand) and in CI.
    static var isRequired: Bool {
        let variables = ProcessInfo.processInfo.environment
        return variables[requireVariable] == "1" || variables["CI"] == "true" || !(variables[dockerHostVariable] ?? "").isEmpty
    }

    /// Engine addresses the tests refuse outright: the machine's own engine must never be touched,
    /// whatever a stray variable says.
    static let forbiddenHosts: Set<String> = [
        "unix:///var/run/docker.sock", "unix:///run/docker.sock", "/var/run/docker.sock", "/run/docker.sock",
    ]

    /// Reads and checks the contract, throwing a message that says how to run the tests properly.
    static func load() throws -> TestEnvironment {
        let variables = ProcessInfo.processInfo.environment
        func required(_ name: String) throws -> String {
            guard let value = variables[name], !value.isEmpty else {
                throw TestEnvironmentError("\(name) is not set: run the integration tests with scripts/test, which starts a private Docker engine, builds the tool and sets \(dockerHostVariable), \(imageVariable), \(binaryVariable), \(engineVariable), \(firewallVariable), \(upstreamVariable) and \(engineNetnsVariable)")
            }
            return value
        }
        let host = try required(dockerHostVariable)
        let image = try required(imageVariable)
        let binary = try required(binaryVariable)
        let engine = try required(engineVariable)
        let firewall = try required(firewallVariable)
        let upstream = try required(upstreamVariable)
        let engineNetns = try required(engineNetnsVariable)
        guard let firewallKind = Firewall(rawValue: firewall) else {
            throw TestEnvironmentError("\(firewallVariable)=\(firewall) is not on, off, defaults or podman: run scripts/test")
        }
        guard host.hasPrefix("unix://"), !forbiddenHosts.contains(host) else {
            throw TestEnvironmentError("\(dockerHostVariable)=\(host) is not a private engine socket: run scripts/test, which starts one under /tmp/v6r.*")
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestEnvironmentError("\(binaryVariable)=\(binary) is not an executable file: run scripts/test, which builds it first")
        }
        return TestEnvironment(
            dockerHost: host, image: image, binary: binary, engine: engine, firewall: firewallKind, upstreamNetns: upstream,
            engineNetns: engineNetns)
    }
}

/// The test environment is missing or unsafe; the message says what to do.
struct TestEnvironmentError: Error, CustomStringConvertible {
    /// What is wrong and how to fix it.
    let description: String

    /// Wraps a message.
    init(_ description: String) { self.description = description }
}

extension Trait where Self == ConditionTrait {
    /// An integration suite: it drives the built tool against the private engine that
    /// `scripts/test` starts, so a plain `swift test` skips it, saying so once per suite.
    static var needsEngine: Self {
        .enabled(if: TestEnvironment.isRequired, "needs a private engine: run scripts/test (it starts the engines and sets IPV6_RECONCILE_TEST_*)")
    }
}

/// What the engine says about itself (`GET /_ping` and `GET /info`), as far as the exposure
/// verdicts need it: which engine, which API, and whether its IPv6 firewall is on.
public struct EngineFacts: Hashable, Sendable {
    /// The highest API version the server speaks (the ping's `Api-Version`), not the one we
    /// negotiated: the version says which Docker release this is.
    public var apiVersion: APIVersion
    /// `ServerVersion`, e.g. `28.5.2+dfsg4`; for messages only.
    public var serverVersion: String
    /// `ExperimentalBuild`: before Docker 27, `--ip6tables` was refused without it.
    public var experimental: Bool
    /// `FirewallBackend.Driver` (API 1.49 and later), e.g. `iptables`; nil when absent.
    public var firewallBackend: String?
    /// The ping's `Libpod-Api-Version` when the engine is Podman's Docker-compatible service
    /// (`4.3.1`, `5.4.2`), nil for Docker.
    public var podmanVersion: String?

    /// Builds the facts.
    public init(
        apiVersion: APIVersion, serverVersion: String = "", experimental: Bool = false, firewallBackend: String? = nil,
        podmanVersion: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.serverVersion = serverVersion
        self.experimental = experimental
        self.firewallBackend = firewallBackend
        self.podmanVersion = podmanVersion
    }

    /// Whether the engine filters inbound IPv6 to its containers, and how we know.
    public var ipv6Firewall: FirewallState {
        if let podmanVersion {
            // Podman says API 1.41 and ExperimentalBuild true, which would read as an experimental
            // Docker 20.10. Its netavark (4.3: iptables, 5.4: nftables) accepts only the replies to
            // a container's own connections and leaves new inbound ones to the FORWARD chain's
            // policy: seen on 4.3.1 and 5.4.2, every port of every network answered from upstream.
            return .off("Podman \(podmanVersion) does not filter inbound IPv6 to its containers")
        }
        switch apiVersion {
        case ..<Self.firstIP6TablesDefault:
            // Docker 26 and older refuse --ip6tables unless experimental features are on
            // (daemon_unix.go: "ip6tables rules are only available if experimental features
            // are enabled"); it was off by default all the same.
            if experimental {
                return .unknown("an experimental engine before Docker 27 may run with --ip6tables, and its API does not say")
            }
            return .off("the engine (API \(apiVersion), before Docker 27) has no IPv6 firewall")
        case ..<Self.firstFirewallBackend:
            return .unknown("Docker 27 and 28.0 (API \(apiVersion)) do not say whether their IPv6 firewall is on (it is by default)")
        case ..<Self.firstAlwaysReportedBackend:
            // Docker 28.1 to 28.5 report FirewallBackend only when their firewall is set up
            // (controller_linux.go returns nil when iptables is disabled).
            if let firewallBackend {
                return .on("the engine's firewall is on (FirewallBackend \(firewallBackend))")
            }
            return .off("the engine's firewall is off (no FirewallBackend in GET /info)")
        default:
            // Docker 29 reports a backend whether or not its firewall is on; it is on by
            // default, and --ip6tables=false is not visible over the API.
            return .on("the engine's firewall is on (FirewallBackend \(firewallBackend ?? "unnamed"), the default of Docker 29 and later)")
        }
    }

    /// Docker 27.0's API: `--ip6tables` on by default from here.
    public static let firstIP6TablesDefault = APIVersion(major: 1, minor: 46)
    /// Docker 28.1's API: `FirewallBackend` appears in `GET /info`.
    public static let firstFirewallBackend = APIVersion(major: 1, minor: 49)
    /// Docker 29.0's API: `FirewallBackend` is always present.
    public static let firstAlwaysReportedBackend = APIVersion(major: 1, minor: 52)
}

/// Whether an engine's IPv6 firewall is on, with the evidence as a clause for messages.
public enum FirewallState: Hashable, Sendable, CustomStringConvertible {
    /// It drops what its rules do not open.
    case on(String)
    /// It does not filter: the host's own firewall decides.
    case off(String)
    /// The engine does not say.
    case unknown(String)

    /// `on: the engine's firewall is on (...)`.
    public var description: String {
        switch self {
        case .on(let why): "on: \(why)"
        case .off(let why): "off: \(why)"
        case .unknown(let why): "unknown: \(why)"
        }
    }
}

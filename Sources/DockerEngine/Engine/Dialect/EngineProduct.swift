import ReconcileCore

/// Which engine answers on the socket, told by the ping: Docker, or Podman's Docker-compatible
/// service (the ping's `Libpod-Api-Version`). Everything the run asks about the engine it talks
/// to is a capability here, so that no code outside this folder and the wire decoding tells the
/// engines apart.
public enum EngineProduct: Hashable, Sendable, CustomStringConvertible {
    /// Docker's engine (dockerd).
    case docker
    /// Podman's Docker-compatible service, with Podman's own version (`4.3.1`, `5.4.2`).
    case podman(version: String)

    /// The product a ping's `Libpod-Api-Version` header names.
    public init(libpodAPIVersion: String?) {
        self = libpodAPIVersion.map { .podman(version: $0) } ?? .docker
    }

    /// `Docker`, or `Podman 5.4.2`.
    public var description: String {
        switch self {
        case .docker: "Docker"
        case .podman(let version): "Podman \(version)"
        }
    }

    /// The product's name alone: `Docker`, `Podman`.
    public var name: String {
        switch self {
        case .docker: "Docker"
        case .podman: "Podman"
        }
    }

    /// The network every container joins unless told otherwise, as the engine lists it in
    /// container endpoints and in its own error texts.
    public var defaultNetworkName: String {
        switch self {
        case .docker: "bridge"
        case .podman: "podman"
        }
    }

    /// Whether a refused connect (`refusal`) may have left a half-made endpoint that breaks
    /// every list until it is disconnected: Podman's, for an address it could not allocate. The
    /// run then disconnects (forced) the container it just asked for.
    public func refusalLeavesEndpoint(_ refusal: EngineDialect.ConnectRefusal) -> Bool {
        guard case .podman = self else { return false }
        switch refusal {
        case .addressTaken, .outsideSubnets, .other: return true
        case .alreadyConnected, .noSuchContainer: return false
        }
    }

    /// Whether `error`, from a network's inspect or list, is the broken state a half-made
    /// endpoint causes, which a run works around rather than stops at.
    public func isBrokenEndpointState(_ error: EngineError) -> Bool {
        guard case .podman = self else { return false }
        return EngineDialect.inspectionMismatch(error) != nil
    }

    /// The network list to ask when the compatible `GET /networks` failed with `error`: Podman's
    /// own `GET /libpod/networks/json`, which lists no containers and so still answers in the
    /// broken state (4.3 fails the compatible list for every network then). The libpod API is
    /// versioned by Podman's own version (4.3 answers 404 without one). Nil: no fallback.
    func networkListFallback(after error: EngineError) -> String? {
        guard case .podman(let version) = self, isBrokenEndpointState(error) else { return nil }
        return "/v\(HTTPRequest.percentEncodedQueryValue(version))/libpod/networks/json"
    }

    /// What the exposure verdicts and `--check` need to know of this engine, from `GET /info`
    /// and the server's maximum API version (the ping's `Api-Version`).
    public func facts(info: EngineInfo, apiVersion: APIVersion) -> EngineFacts {
        switch self {
        case .docker:
            return EngineFacts(
                product: "Docker \(info.serverVersion)", apiVersion: apiVersion,
                ipv6Firewall: IPv6FirewallRule.docker(apiVersion: apiVersion, info: info),
                keepsOnlyLow64Bits: apiVersion < Self.firstWideSubnetAPI)
        case .podman(let version):
            // Podman says API 1.41 and ExperimentalBuild true, which would read as an experimental
            // Docker 20.10. Its allocator was not tried with subnets shorter than /64, so it is not
            // judged there.
            return EngineFacts(
                product: description, apiVersion: apiVersion, ipv6Firewall: IPv6FirewallRule.podman(version: version),
                keepsOnlyLow64Bits: false)
        }
    }

    /// Docker 28.0's API: from here a static address on a subnet shorter than /64 is kept whole.
    /// Debian 12's 20.10.24 kept only the low 64 bits, with /63, /56 and /48 subnets:
    /// `--ip6 2001:db8:100:1::5` on 2001:db8:100::/56 came up as 2001:db8:100::5 with no error.
    public static let firstWideSubnetAPI = APIVersion(major: 1, minor: 48)
}

extension EngineDialect {
    /// How to start an engine that did not answer, whichever it is.
    public static let startCommand = "systemctl start docker (or podman.socket)"
}

/// What `GET /info` says that the dialect reads: the server version, whether it is an
/// experimental build, and its firewall backend.
public struct EngineInfo: Hashable, Sendable {
    /// `ServerVersion`, e.g. `28.5.2+dfsg4`; for messages only.
    public var serverVersion: String
    /// `ExperimentalBuild`: before Docker 27, `--ip6tables` was refused without it.
    public var experimental: Bool
    /// `FirewallBackend.Driver` (API 1.49 and later), e.g. `iptables`; nil when absent.
    public var firewallBackend: String?

    /// Builds the info.
    public init(serverVersion: String = "", experimental: Bool = false, firewallBackend: String? = nil) {
        self.serverVersion = serverVersion
        self.experimental = experimental
        self.firewallBackend = firewallBackend
    }
}

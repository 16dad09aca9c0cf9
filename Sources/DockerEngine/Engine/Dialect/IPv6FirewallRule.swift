import ReconcileCore

/// Whether an engine filters inbound IPv6 to its containers, as far as its API tells: Docker's
/// by API version and `GET /info`, Podman's by what netavark does.
public enum IPv6FirewallRule {
    /// Docker's rule: the API version says which release it is, and from 28.1 `FirewallBackend`
    /// says more.
    public static func docker(apiVersion: APIVersion, info: EngineInfo) -> FirewallState {
        switch apiVersion {
        case ..<firstIP6TablesDefault:
            // Docker 26 and older refuse --ip6tables unless experimental features are on
            // (daemon_unix.go: "ip6tables rules are only available if experimental features
            // are enabled"); it was off by default all the same.
            if info.experimental {
                return .unknown("an experimental engine before Docker 27 may run with --ip6tables, and its API does not say")
            }
            return .off("the engine (API \(apiVersion), before Docker 27) has no IPv6 firewall")
        case ..<firstFirewallBackend:
            return .unknown("Docker 27 and 28.0 (API \(apiVersion)) do not say whether their IPv6 firewall is on (it is by default)")
        case ..<firstAlwaysReportedBackend:
            // Docker 28.1 to 28.5 report FirewallBackend only when their firewall is set up
            // (controller_linux.go returns nil when iptables is disabled).
            if let backend = info.firewallBackend {
                return .on("the engine's firewall is on (FirewallBackend \(backend))")
            }
            return .off("the engine's firewall is off (no FirewallBackend in GET /info)")
        default:
            // Docker 29 reports a backend whether or not its firewall is on; it is on by
            // default, and --ip6tables=false is not visible over the API.
            return .on("the engine's firewall is on (FirewallBackend \(info.firewallBackend ?? "unnamed"), the default of Docker 29 and later)")
        }
    }

    /// Podman's rule: netavark (4.3: iptables, 5.4: nftables) accepts only the replies to a
    /// container's own connections and leaves new inbound ones to the forward chain's policy;
    /// every port of every network answered from upstream on 4.3.1 and 5.4.2.
    public static func podman(version: String) -> FirewallState {
        .off("Podman \(version) does not filter inbound IPv6 to its containers")
    }

    /// Docker 27.0's API: `--ip6tables` on by default from here.
    public static let firstIP6TablesDefault = APIVersion(major: 1, minor: 46)
    /// Docker 28.1's API: `FirewallBackend` appears in `GET /info`.
    public static let firstFirewallBackend = APIVersion(major: 1, minor: 49)
    /// Docker 29.0's API: `FirewallBackend` is always present.
    public static let firstAlwaysReportedBackend = APIVersion(major: 1, minor: 52)
}

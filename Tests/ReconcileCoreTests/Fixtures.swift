import ReconcileCore

/// Builders shared by the planning and reporting tests, so that each case states only what it is
/// about. Every value here is a constant the tests were written against; a fixture that does not
/// parse is a bug in the test, so it stops the run with a message rather than returning nil.
enum Fixture {
    /// A 64-hex-digit engine ID that starts with `prefix` (padded with zeros), so that ID-prefix
    /// resolution can be steered by choosing prefixes.
    static func id(_ prefix: String) -> String {
        precondition(prefix.count <= 64, "an engine ID has 64 hex digits")
        return prefix + String(repeating: "0", count: 64 - prefix.count)
    }

    /// Parses an address the test knows to be valid.
    static func address(_ text: String) -> IPv6Address {
        guard let address = IPv6Address(parsing: text) else { fatalError("fixture address \(text) does not parse") }
        return address
    }

    /// Parses a subnet the test knows to be valid.
    static func subnet(_ text: String) -> IPv6Subnet {
        guard let subnet = IPv6Subnet(parsing: text) else { fatalError("fixture subnet \(text) does not parse") }
        return subnet
    }

    /// The network most cases use, as Docker lists a dual-stack network: the IPv4 pool first,
    /// then the IPv6 pool `2001:db8:1:1::/80` without a `Gateway` (so the gateway is `…::1`).
    static let v6net = ObservedNetwork(
        id: id("a1"), name: "v6net",
        ipamPools: [IPAMPool(subnet: "172.20.0.0/16", gateway: "172.20.0.1"), IPAMPool(subnet: "2001:db8:1:1::/80")])

    /// A second IPv6 network, `2001:db8:2::/64`, with an explicit gateway at `…::fffe`.
    static let other = ObservedNetwork(
        id: id("b2"), name: "other", ipamPools: [IPAMPool(subnet: "2001:db8:2::/64", gateway: "2001:db8:2::fffe")])

    /// A network with only an IPv4 pool.
    static let v4only = ObservedNetwork(
        id: id("c3"), name: "v4only", ipamPools: [IPAMPool(subnet: "172.21.0.0/16", gateway: "172.21.0.1")])

    /// The networks a plan sees unless a case says otherwise.
    static let networks = [v6net, other, v4only]

    /// A labelled running container. `network` and `suffix` are the values of the network and
    /// suffix labels under `labelPrefix`; nil leaves the label off. The ID is derived from the name.
    static func container(
        _ name: String, network: String?, suffix: String? = nil, endpoints: [ObservedEndpoint] = [],
        labelPrefix: String = ReconcilePolicy.defaultLabelPrefix
    ) -> ObservedContainer {
        var labels: [String: String] = ["com.example.unrelated": "x"]
        if let network { labels[labelPrefix + ".network"] = network }
        if let suffix { labels[labelPrefix + ".suffix"] = suffix }
        return ObservedContainer(id: "cid-" + name, name: name, labels: labels, endpoints: endpoints)
    }

    /// An endpoint on `network` with `address` as the engine writes it (empty for none).
    static func endpoint(_ network: ObservedNetwork, _ address: String) -> ObservedEndpoint {
        ObservedEndpoint(networkID: network.id, ipv6Address: address)
    }

    /// The plan for `containers` on `networks` under `policy`.
    static func plan(
        _ containers: [ObservedContainer], networks: [ObservedNetwork] = Fixture.networks,
        policy: ReconcilePolicy = ReconcilePolicy()
    ) -> Plan {
        Plan(observation: Observation(containers: containers, networks: networks), policy: policy)
    }

    /// A hand-built plan entry, for report tests that need a given action without a planner.
    static func entry(
        _ name: String, network: String = "v6net", networkID: String? = Fixture.v6net.id,
        desired: String? = nil, current: String? = nil, connected: Bool = false, action: PlannedAction
    ) -> PlanEntry {
        PlanEntry(
            containerID: "cid-" + name, containerName: name, network: network, networkID: networkID,
            desired: desired.map(address), current: current.map(address), connected: connected, action: action)
    }

    // MARK: - Exposure

    /// Docker 28.5 with its firewall on, as the captured engine reported itself (API 1.51,
    /// `FirewallBackend` `iptables`), in the words the engine adapter's dialect gives it.
    static let firewallOn = EngineFacts(
        product: "Docker 28.5.2+dfsg4", apiVersion: APIVersion(major: 1, minor: 51),
        ipv6Firewall: .on("the engine's firewall is on (FirewallBackend iptables)"))

    /// Docker 20.10 (API 1.41), which has no IPv6 firewall and keeps only the low 64 bits of a
    /// static address on a subnet shorter than /64.
    static let firewallOff = EngineFacts(
        product: "Docker 20.10.24+dfsg1", apiVersion: APIVersion(major: 1, minor: 41),
        ipv6Firewall: .off("the engine (API 1.41, before Docker 27) has no IPv6 firewall"), keepsOnlyLow64Bits: true)

    /// Docker 27.5 (API 1.47), which does not say whether its firewall is on.
    static let firewallUnknown = EngineFacts(
        product: "Docker 27.5.1", apiVersion: APIVersion(major: 1, minor: 47),
        ipv6Firewall: .unknown("Docker 27 and 28.0 (API 1.47) do not say whether their IPv6 firewall is on (it is by default)"),
        keepsOnlyLow64Bits: true)

    /// Docker 28.1 to 28.5 with the firewall off (no `FirewallBackend`).
    static let firewallOffByBackend = EngineFacts(
        product: "Docker 28.5.2+dfsg4", apiVersion: APIVersion(major: 1, minor: 51),
        ipv6Firewall: .off("the engine's firewall is off (no FirewallBackend in GET /info)"))

    /// Docker 29 (API 1.52), whose firewall is on by default.
    static let docker29 = EngineFacts(
        product: "Docker 29.0.0", apiVersion: APIVersion(major: 1, minor: 52),
        ipv6Firewall: .on("the engine's firewall is on (FirewallBackend nftables, the default of Docker 29 and later)"))

    /// An engine that filters nothing and keeps every address whole, as the dialect describes
    /// Podman `version`.
    static func nothingFilters(podman version: String) -> EngineFacts {
        EngineFacts(
            product: "Podman \(version)", apiVersion: APIVersion(major: 1, minor: 41),
            ipv6Firewall: .off("Podman \(version) does not filter inbound IPv6 to its containers"))
    }

    /// A bridge network named `name` (its ID is `nid-` and the name) with `subnets` as its pools,
    /// in that order, and the given `Internal` flag and gateway modes (nil: the option is unset).
    static func bridge(
        _ name: String, _ subnets: [String], isInternal: Bool = false, ipv6Mode: String? = nil, ipv4Mode: String? = nil
    ) -> ObservedNetwork {
        ObservedNetwork(
            id: "nid-" + name, name: name, ipamPools: subnets.map { IPAMPool(subnet: $0) }, isInternal: isInternal,
            ipv6GatewayMode: ipv6Mode, ipv4GatewayMode: ipv4Mode)
    }

    /// A published port as the container list gives it: `80/tcp` bound on `host` (`0.0.0.0`, `::`,
    /// or `""` for a configured binding without a host address).
    static func port(_ number: Int, _ transport: String = "tcp", on host: String) -> PublishedPort {
        PublishedPort(containerPort: number, transport: transport, hostAddress: host)
    }

    /// A not-reachable verdict with its fix, short texts for report tests.
    static let blocked = ExposureVerdict.notReachable(reason: "network \"v6net\" masquerades IPv6", fix: "recreate it routed")

    /// A verdict reachable on `80/tcp` only.
    static let port80 = ExposureVerdict.reachableOnPorts(["80/tcp"], reason: "network \"v6net\" is routed")

    /// A verdict reachable on every port.
    static let allPorts = ExposureVerdict.reachableOnAllPorts(reason: "the host's own firewall decides")

    /// A verdict the engine does not say enough for.
    static let unknownExposure = ExposureVerdict.unknown(reason: "Docker 27 does not say")

    /// `verdicts`, given by container name, keyed by the pairs of `plan` (every pair of that container).
    static func verdicts(_ verdicts: [String: ExposureVerdict], in plan: Plan) -> [PlanEntryKey: ExposureVerdict] {
        var result: [PlanEntryKey: ExposureVerdict] = [:]
        for entry in plan.entries {
            if let verdict = verdicts[entry.containerName] { result[PlanEntryKey(entry)] = verdict }
        }
        return result
    }
}

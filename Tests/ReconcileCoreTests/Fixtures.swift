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
}

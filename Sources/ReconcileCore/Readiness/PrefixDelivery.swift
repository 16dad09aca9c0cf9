/// `prefix.delivery`: how a labelled network's IPv6 subnet reaches the host. Inside an on-link
/// prefix of one of the host's interfaces (an ISP's /64 on the uplink), the upstream router
/// sends a neighbour solicitation for each container address on that link, and only a proxy
/// neighbour entry (with `proxy_ndp` on) makes the host answer it. Anywhere else, the subnet
/// has to be routed to the host, which nothing on the host can see.
public enum PrefixDelivery {
    /// A labelled network's subnet and the addresses this tool assigns there.
    public struct LabelledSubnet: Hashable, Sendable {
        /// The network's name.
        public var network: String
        /// Its IPv6 subnet.
        public var subnet: IPv6Subnet
        /// Its IPv6 gateway, the bridge's own address.
        public var gateway: IPv6Address?
        /// The desired addresses of the labelled containers there, in plan order.
        public var addresses: [IPv6Address]
        /// Whether a labelled container is connected there now: then the engine's bridge for it
        /// exists (some engines make one only while a container is on the network) and holds `gateway`.
        public var hasConnectedContainers: Bool

        /// Builds one.
        public init(
            network: String, subnet: IPv6Subnet, gateway: IPv6Address? = nil, addresses: [IPv6Address],
            hasConnectedContainers: Bool = false
        ) {
            self.network = network
            self.subnet = subnet
            self.gateway = gateway
            self.addresses = addresses
            self.hasConnectedContainers = hasConnectedContainers
        }

        /// The networks that labels name and that resolved, by name.
        public static func labelledNetworks(plan: Plan, observation: Observation) -> [ObservedNetwork] {
            var seen: Set<String> = []
            var result: [ObservedNetwork] = []
            for entry in plan.entries {
                guard let id = entry.networkID, seen.insert(id).inserted,
                    let network = observation.networks.first(where: { $0.id == id })
                else { continue }
                result.append(network)
            }
            return result.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        }

        /// Each labelled network's IPv6 subnet and the addresses this tool assigns there (every
        /// pair's desired address but the problems'); networks without a usable subnet are left
        /// out (`network.ipv6` fails), and so are internal ones, which nothing outside reaches
        /// however the prefix arrives (`network.internal` says so).
        public static func all(plan: Plan, observation: Observation) -> [LabelledSubnet] {
            labelledNetworks(plan: plan, observation: observation).compactMap { network in
                guard !network.isInternal, case .success(let prefix) = NetworkPrefix.of(network) else { return nil }
                let addresses = plan.entries.compactMap { entry -> IPv6Address? in
                    guard entry.networkID == network.id, let desired = entry.desired else { return nil }
                    if case .problem = entry.action { return nil }
                    return desired
                }
                let connected = plan.entries.contains { $0.networkID == network.id && $0.connected }
                return LabelledSubnet(
                    network: network.name, subnet: prefix.subnet, gateway: prefix.gateway, addresses: addresses,
                    hasConnectedContainers: connected)
            }
        }
    }

    /// The on-link route of one of the host's links (not loopback) whose prefix holds `subnet`
    /// and is shorter than it: the uplink whose router solicits every address in `subnet`. Nil
    /// when the subnet is inside no such prefix, so it must be routed to the host.
    public static func onLinkRoute(holding subnet: IPv6Subnet, host: HostNetworkState) -> (route: HostRoute, interfaceIndex: Int)? {
        let link = host.routes.first { route in
            route.isUnicast && route.gateway == nil && route.destination.prefixLength < subnet.prefixLength
                && route.destination.contains(subnet.network)
                && route.interfaceIndex.flatMap { host.interface(index: $0) }.map { !$0.isLoopback } == true
        }
        guard let link, let index = link.interfaceIndex else { return nil }
        return (link, index)
    }

    /// The check for one network.
    public static func check(_ labelled: LabelledSubnet, host: HostNetworkState) -> ReadinessCheck {
        let subject = CheckSubject(.network, labelled.network)
        let subnet = labelled.subnet
        if let clash = clash(labelled, host: host) {
            let longer = IPv6Subnet(address: subnet.network, prefixLength: min(subnet.prefixLength + 16, 112))
            return ReadinessCheck(
                id: "prefix.delivery", status: .fail, subject: subject,
                message: "the network's subnet \(subnet) is also on-link on \(clash.interface) (\(clash.evidence)): the host cannot tell on which link an address is",
                fix: "recreate the network with a longer prefix inside it, not the link's own (docker network create --ipv6 --subnet \(longer) ...), and answer for its addresses on \(clash.interface) with proxy NDP")
        }
        guard let (link, index) = onLinkRoute(holding: subnet, host: host) else {
            return ReadinessCheck(
                id: "prefix.delivery", status: .info, subject: subject,
                message: "\(subnet) is not inside any prefix on the host's links, so it must be routed to this host (a tunnel broker's routed prefix, DHCPv6 prefix delegation); nothing on the host shows whether it is",
                fix: "make sure the provider routes \(subnet) (or a prefix that holds it) to this host; then, from outside, ping a connected container's address (\(labelled.addresses.first.map(String.init(describing:)) ?? "ADDRESS")): ICMP answers even where the engine's firewall drops its ports")
        }
        let name = host.interfaceName(index: index)
        let proxySetting = host.proxyNDP(interfaceIndex: index)
        let proxyOn = proxySetting == true
        let missing = labelled.addresses.filter { address in
            !host.proxyNeighbours.contains { $0.address == address && $0.interfaceIndex == index }
        }
        let where_ = "\(subnet) is inside \(link.destination), on-link on \(name): the router there solicits each container address"
        if proxyOn && missing.isEmpty {
            let count = labelled.addresses.count
            let own = labelled.addresses.allSatisfy { address in
                host.proxyNeighbours.contains { $0.address == address && $0.interfaceIndex == index && $0.isOwn }
            }
            return ReadinessCheck(
                id: "prefix.delivery", status: .ok, subject: subject,
                message: "\(where_), and the host answers: proxy_ndp is on and \(count == 1 ? "the address has" : "all \(count) addresses have") a proxy entry"
                    + (own && count > 0 ? " (--ndp-proxy keeps them)" : ""))
        }
        var wrong: [String] = []
        var commands: [String] = []
        if !proxyOn {
            wrong.append(proxySetting == nil ? "proxy_ndp of \(name) cannot be read" : "proxy_ndp is 0 on \(name)")
            commands.append(SysctlFix.command(SysctlFix.key(interface: name, "proxy_ndp"), 1))
        }
        if !missing.isEmpty {
            wrong.append("\(missing.count) of \(labelled.addresses.count) address\(labelled.addresses.count == 1 ? "" : "es") ha\(missing.count == 1 ? "s" : "ve") no proxy entry")
            commands += missing.map { "ip -6 neigh add proxy \($0) dev \(name)" }
        }
        return ReadinessCheck(
            id: "prefix.delivery", status: .fail, subject: subject,
            message: "\(where_), and nobody answers (\(wrong.joined(separator: ", "))): upstream connections to them fail; ipv6-reconcile --ndp-proxy keeps the entries (with proxy_ndp on)",
            fix: commands.joined(separator: " && "))
    }

    /// Another link of the host's with exactly the network's prefix, and what shows it: the host
    /// then has two routes to one prefix. Seen by an address of the host's (not the network's
    /// gateway, which its bridge holds) or, with no address in it, by an on-link route (a prefix
    /// learned from a router advertisement) on an interface other than the bridge.
    static func clash(_ labelled: LabelledSubnet, host: HostNetworkState) -> (interface: String, evidence: String)? {
        let subnet = labelled.subnet
        func isLoopback(_ index: Int) -> Bool { host.interface(index: index)?.isLoopback ?? false }
        if let address = host.addresses.first(where: { address in
            address.prefixLength == subnet.prefixLength && subnet.contains(address.address) && address.address != labelled.gateway
                && !isLoopback(address.interfaceIndex)
        }) {
            return (host.interfaceName(index: address.interfaceIndex), "its address \(address.address)/\(address.prefixLength)")
        }
        let bridges = Set(host.addresses.filter { $0.address == labelled.gateway }.map(\.interfaceIndex))
        if let route = host.routes.first(where: { route in
            route.isUnicast && route.gateway == nil && route.destination == subnet
                && route.interfaceIndex.map { !bridges.contains($0) && host.interface(index: $0) != nil && !isLoopback($0) } == true
        }) {
            return (host.interfaceName(index: route.interfaceIndex), "a proto \(route.origin) route")
        }
        return nil
    }

    /// `host.engine-namespace`: `--check` judges the namespace it runs in as the containers'
    /// host, which is only true where the engine's bridges are. A connected network's gateway
    /// address sits on its bridge; if no such address is on any interface here, this is another
    /// namespace (a container's, say) and the host checks would describe the wrong one. Nil when
    /// no labelled network has a connected container to tell by.
    public static func engineNamespace(_ subnets: [LabelledSubnet], host: HostNetworkState) -> ReadinessCheck? {
        let telling = subnets.filter { $0.hasConnectedContainers && $0.gateway != nil }
        guard !telling.isEmpty else { return nil }
        for labelled in telling {
            if let address = host.addresses.first(where: { $0.address == labelled.gateway }) {
                return ReadinessCheck(
                    id: "host.engine-namespace", status: .ok, subject: .host,
                    message: "the engine's bridges are here (\(quoted(labelled.network))'s gateway \(address.address) is on \(host.interfaceName(index: address.interfaceIndex)))")
            }
        }
        let gateways = telling.map { "\($0.gateway!) of \(quoted($0.network))" }.joined(separator: ", ")
        return ReadinessCheck(
            id: "host.engine-namespace", status: .fail, subject: .host,
            message: "no interface here has a labelled network's gateway (\(gateways)): this is not the network namespace the engine's bridges are in, so the host checks describe another namespace, and prefix.delivery was skipped",
            fix: "run ipv6-reconcile --check in the engine's network namespace (the host's, for an engine installed as usual), not in a container")
    }
}

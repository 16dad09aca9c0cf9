/// Which of a container's networks gives it its IPv6 default route, as Docker 28 chooses it
/// (libnetwork's `Endpoint.Less` and `selectGatewayEndpoint`). It matters because Docker 28 sets
/// up a container's published ports, and opens them in its firewall, on that network only: seen
/// on 28.5, a container on `natnet` and `routednet` had its `-p 80:80` opened on `natnet` alone.
public enum IPv6GatewayChoice {
    /// One network a container is (or will be) attached to, with the endpoint's `GwPriority`.
    public struct Attachment: Hashable, Sendable {
        /// The network.
        public var network: ObservedNetwork
        /// The endpoint's gateway priority (0 unless set with `--gw-priority`).
        public var priority: Int

        /// Builds an attachment.
        public init(network: ObservedNetwork, priority: Int) {
            self.network = network
            self.priority = priority
        }
    }

    /// The network of the endpoint that is the IPv6 gateway, nil when none has an IPv6 gateway.
    /// Endpoints are ordered by priority (highest first), then non-internal before internal, then
    /// dual-stack before single-stack before none, then by network name; the first dual-stack one
    /// is the gateway for both families, else the first with an IPv6 gateway is.
    public static func gateway(among attachments: [Attachment]) -> ObservedNetwork? {
        let ordered = attachments.sorted { a, b in
            if a.priority != b.priority { return a.priority > b.priority }
            // Swarm's docker_gwbridge sorts after every other network.
            let aSwarm = a.network.name == "docker_gwbridge", bSwarm = b.network.name == "docker_gwbridge"
            if aSwarm != bSwarm { return bSwarm }
            if a.network.isInternal != b.network.isInternal { return b.network.isInternal }
            let aCount = gatewayCount(a.network), bCount = gatewayCount(b.network)
            if aCount != bCount { return aCount > bCount }
            return a.network.name < b.network.name
        }
        var firstIPv6: ObservedNetwork?
        for attachment in ordered {
            let (v4, v6) = gateways(attachment.network)
            if v4 && v6 { return attachment.network }
            if v6 && firstIPv6 == nil { firstIPv6 = attachment.network }
        }
        return firstIPv6
    }

    /// Whether joining `network` gives an IPv4 and an IPv6 default route: a bridge network that
    /// is not internal has a gateway for each family it has a pool for, unless that family's
    /// gateway mode is `isolated`.
    static func gateways(_ network: ObservedNetwork) -> (v4: Bool, v6: Bool) {
        guard !network.isInternal else { return (false, false) }
        let v4 = network.ipamPools.contains { !$0.subnet.contains(":") } && network.ipv4GatewayMode != "isolated"
        let v6 = network.ipamPools.contains { $0.subnet.contains(":") } && network.ipv6GatewayMode != "isolated"
        return (v4, v6)
    }

    private static func gatewayCount(_ network: ObservedNetwork) -> Int {
        let (v4, v6) = gateways(network)
        return (v4 ? 1 : 0) + (v6 ? 1 : 0)
    }
}

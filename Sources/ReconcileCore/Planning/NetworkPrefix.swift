/// A network's IPv6 subnet and gateway, found by parsing every `IPAM.Config` entry rather than by
/// position.
public struct NetworkPrefix: Hashable, Sendable {
    /// The IPv6 subnet.
    public let subnet: IPv6Subnet
    /// IPAM's `Gateway`, or the subnet's first address when none is listed, as Docker does.
    public let gateway: IPv6Address

    /// Builds a prefix.
    public init(subnet: IPv6Subnet, gateway: IPv6Address) {
        self.subnet = subnet
        self.gateway = gateway
    }

    /// The network's single IPv6 prefix, or the problem that prevents knowing it. Entries that
    /// look like IPv4 (no colon) are skipped; anything with a colon must parse.
    public static func of(_ network: ObservedNetwork) -> Result<NetworkPrefix, Problem> {
        var found: [NetworkPrefix] = []
        for pool in network.ipamPools where pool.subnet.contains(":") {
            guard let subnet = IPv6Subnet(parsing: pool.subnet) else {
                return .failure(.unparsableSubnet(network: network.name, text: pool.subnet))
            }
            let gateway: IPv6Address
            if pool.gateway.isEmpty {
                gateway = subnet.firstAddress
            } else if let parsed = IPv6Address(parsing: pool.gateway) {
                gateway = parsed
            } else {
                return .failure(.unparsableSubnet(network: network.name, text: "gateway " + pool.gateway))
            }
            found.append(NetworkPrefix(subnet: subnet, gateway: gateway))
        }
        switch found.count {
        case 0: return .failure(.noIPv6Subnet(network: network.name))
        case 1: return .success(found[0])
        default: return .failure(.severalIPv6Subnets(network: network.name, subnets: found.map(\.subnet.description)))
        }
    }

    /// The address for `suffix` in this prefix, or why there is none: the suffix must fit in the
    /// host bits, and the result must be neither the all-zeros address nor the gateway.
    public func address(for suffix: HostSuffix) -> Result<IPv6Address, Problem> {
        guard suffix.value.bitWidth <= subnet.hostBits else {
            return .failure(.suffixTooWide(suffix: suffix, subnet: subnet))
        }
        let address = subnet.network | suffix.value
        if address == subnet.network { return .failure(.addressIsSubnetAddress(address)) }
        if address == gateway { return .failure(.addressIsGateway(address)) }
        return .success(address)
    }
}

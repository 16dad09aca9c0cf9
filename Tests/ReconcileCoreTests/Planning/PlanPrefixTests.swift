import ReconcileCore
import Testing

/// Prefix discovery: the IPv6 pool wherever and however IPAM lists it, the gateway, and
/// `NetworkPrefix` directly.
@Suite struct PlanPrefixTests: PlanFixtures {
    /// The IPv6 pool is found wherever IPAM lists it.
    @Test(arguments: [
        [IPAMPool(subnet: "2001:db8:1:1::/80"), IPAMPool(subnet: "172.20.0.0/16", gateway: "172.20.0.1")],  // IPv6 at index 0
        [IPAMPool(subnet: "172.20.0.0/16", gateway: "172.20.0.1"), IPAMPool(subnet: "2001:db8:1:1::/80")],  // IPv6 at index 1
        [IPAMPool(subnet: "2001:db8:1:1::/80")],  // IPv6 only
        [IPAMPool(subnet: "10.0.0.0/8"), IPAMPool(subnet: "172.20.0.0/16"), IPAMPool(subnet: "2001:db8:1:1::/80")],  // index 2
    ])
    func ipamOrderDoesNotMatter(pools: [IPAMPool]) throws {
        let network = ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: pools)
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "net")], networks: [network]))
        #expect(entry.desired == Fixture.address(Self.monOnV6net))
    }

    /// Odd but valid spellings of `2001:db8:1:1::/80` all give the same address.
    @Test(arguments: [
        "2001:DB8:1:1::/80",  // upper case
        "2001:0db8:0001:0001:0000:0000:0000:0000/80",  // full form with leading zeros
        "2001:db8:1:1:0:0:0:0/80",  // eight groups without leading zeros
        "2001:db8:1:1::ffff/80",  // host bits set
        "2001:db8:1:1:0:ffff:ffff:ffff/80",  // every host bit set
        "2001:db8:1:1::0.0.0.0/80",  // IPv4 tail
        "2001:db8:1:1:0:0:255.255.255.255/80",  // full form with an IPv4 tail and host bits set
    ])
    func oddSubnetSpellings(subnet: String) throws {
        let network = ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: [IPAMPool(subnet: subnet)])
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "net")], networks: [network]))
        #expect(entry.action == .connect)
        #expect(entry.desired == Fixture.address(Self.monOnV6net))
    }

    /// Gateway spellings that are the implied first address must still be recognised as the gateway.
    @Test(arguments: ["2001:DB8:1:1::1", "2001:0db8:0001:0001:0000:0000:0000:0001"])
    func gatewaySpellingIsNumeric(gateway: String) throws {
        let network = Self.net("2001:db8:1:1::/80", gateway: gateway)
        let entry = try onlyEntry(
            Fixture.plan([Fixture.container("mon_container", network: "net", suffix: "1")], networks: [network]))
        #expect(entry.action == .problem(.addressIsGateway(Fixture.address("2001:db8:1:1::1"))))
    }

    // MARK: - NetworkPrefix directly

    /// `NetworkPrefix.address(for:)` at the edges of the host part of a /80.
    @Test(arguments: [
        ("::ffff:ffff:ffff", true),  // 48 bits: fits exactly
        ("::1:0:0:0", false),  // 49 bits: one too many
        ("::", false),  // zero: the subnet address
        ("::1", false),  // the implied gateway
        ("::2", true),  // right after the gateway
    ])
    func prefixAddressEdges(suffix: String, succeeds: Bool) {
        let prefix = NetworkPrefix(subnet: Fixture.subnet("2001:db8:1:1::/80"), gateway: Fixture.address("2001:db8:1:1::1"))
        let result = prefix.address(for: HostSuffix(value: Fixture.address(suffix)))
        switch result {
        case .success(let address):
            #expect(succeeds)
            #expect(address == Fixture.subnet("2001:db8:1:1::/80").network | Fixture.address(suffix))
        case .failure:
            #expect(!succeeds)
        }
    }

    /// `NetworkPrefix.of` takes IPAM's gateway, or the first address when none is listed.
    @Test func prefixOfNetworkFindsGateway() {
        #expect(NetworkPrefix.of(Fixture.v6net) == .success(NetworkPrefix(
            subnet: Fixture.subnet("2001:db8:1:1::/80"), gateway: Fixture.address("2001:db8:1:1::1"))))
        #expect(NetworkPrefix.of(Fixture.other) == .success(NetworkPrefix(
            subnet: Fixture.subnet("2001:db8:2::/64"), gateway: Fixture.address("2001:db8:2::fffe"))))
    }
}

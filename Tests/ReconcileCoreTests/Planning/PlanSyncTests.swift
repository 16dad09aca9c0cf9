import ReconcileCore
import Testing

/// The planner's verdicts for a pair it can plan: in sync, to connect, or drifted, and the
/// address it wants (derived from the name, the Python tool's, or an explicit suffix).
@Suite struct PlanSyncTests: PlanFixtures {
    /// A labelled container that is not on its network is to be connected at prefix | hash.
    @Test func connectsMissingContainer() throws {
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "v6net")]))
        #expect(entry.action == .connect)
        #expect(entry.containerID == "cid-mon_container")
        #expect(entry.containerName == "mon_container")
        #expect(entry.network == "v6net")
        #expect(entry.networkID == Fixture.v6net.id)
        #expect(entry.desired == Fixture.address(Self.monOnV6net))
        #expect(entry.current == nil)
        #expect(entry.connected == false)
    }

    /// Subnets, names and the Python tool's address for each.
    static let pythonCompatibility: [(subnet: String, name: String, address: String)] = [
        ("2001:db8:1:1::/80", "mon_container", "2001:db8:1:1:0:3d:7a:30"),  // documented: fifth group zero
        ("2001:470:b080:103:1::/80", "mon_container", "2001:470:b080:103:1:3d:7a:30"),  // documented: fifth group 1
        ("2001:db8:1:1::/80", "nginx", "2001:db8:1:1:0:ee:43:40"),  // documented suffix ee:43:40
        ("2001:db8:1:1::/80", "determined_jackson", "2001:db8:1:1:0:3f:2:9b"),  // documented suffix 3f:2:9b
        ("2001:db8:1:1::/80", "web.1.x1y2z3", "2001:db8:1:1:0:3:8c:40"),  // Swarm task hashed as "web.1"
        ("2001:db8::/64", "mon_container", "2001:db8::3d:7a:30"),  // short prefix: still eight groups (the Python tool made seven)
    ]

    /// The planner gives the Python tool's addresses, printed canonically.
    @Test(arguments: pythonCompatibility)
    func matchesPythonTool(subnet: String, name: String, address: String) throws {
        let network = ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: [IPAMPool(subnet: subnet)])
        let entry = try onlyEntry(Fixture.plan([Fixture.container(name, network: "net")], networks: [network]))
        #expect(entry.action == .connect)
        #expect(entry.desired?.description == address)
    }

    /// Connected at the desired address, however the engine spelled it: nothing to do.
    @Test(arguments: [
        "2001:db8:1:1:0:3d:7a:30",  // canonical
        "2001:DB8:1:1:0:3D:7A:30",  // upper case
        "2001:0db8:0001:0001:0000:003d:007a:0030",  // full form
    ])
    func inSyncWhenConnectedAtDesiredAddress(current: String) throws {
        let container = Fixture.container(
            "mon_container", network: "v6net", endpoints: [Fixture.endpoint(Fixture.v6net, current)])
        let entry = try onlyEntry(Fixture.plan([container]))
        #expect(entry.action == .inSync)
        #expect(entry.connected)
        #expect(entry.current == Fixture.address(Self.monOnV6net))
        #expect(entry.desired == entry.current)
    }

    /// Endpoint addresses that are not the desired one, and what `current` must then be.
    static let drifts: [(address: String, current: String?)] = [
        ("2001:db8:1:1::99", "2001:db8:1:1::99"),  // connected at another address
        ("", nil),  // connected without an IPv6 address
        ("garbage", nil),  // an address the engine wrote that does not parse
        ("2001:db8:1:1:0:3d:7a:31", "2001:db8:1:1:0:3d:7a:31"),  // off by one
    ]

    /// Connected, but not at the desired address: drift, with the current address when there is one.
    @Test(arguments: drifts)
    func driftWhenConnectedElsewhere(address: String, current: String?) throws {
        let container = Fixture.container(
            "mon_container", network: "v6net", endpoints: [Fixture.endpoint(Fixture.v6net, address)])
        let entry = try onlyEntry(Fixture.plan([container]))
        #expect(entry.action == .drift)
        #expect(entry.connected)
        #expect(entry.current == current.map(Fixture.address))
        #expect(entry.desired == Fixture.address(Self.monOnV6net))
    }

    /// An endpoint on another network does not count: still to be connected.
    @Test func endpointOnOtherNetworkDoesNotCount() throws {
        let container = Fixture.container(
            "mon_container", network: "v6net", endpoints: [Fixture.endpoint(Fixture.other, Self.monOnV6net)])
        let entry = try onlyEntry(Fixture.plan([container]))
        #expect(entry.action == .connect)
        #expect(entry.connected == false)
        #expect(entry.current == nil)
    }

    /// An explicit suffix label replaces the derived suffix.
    @Test(arguments: [
        ("ab:cd:56", "2001:db8:1:1:0:ab:cd:56"),  // three groups
        ("::1:2", "2001:db8:1:1::1:2"),  // leading "::" form
        ("ffff:ffff:ffff", "2001:db8:1:1:0:ffff:ffff:ffff"),  // exactly the 48 host bits of a /80
        ("2", "2001:db8:1:1::2"),  // the address right after the implied gateway
    ])
    func explicitSuffixOverridesHash(suffix: String, expected: String) throws {
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "v6net", suffix: suffix)]))
        #expect(entry.action == .connect)
        #expect(entry.desired == Fixture.address(expected))
    }

    /// With an explicit gateway elsewhere, the subnet's first address is free to take.
    @Test func firstAddressIsFreeWhenGatewayIsElsewhere() throws {
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "other", suffix: "1")]))
        #expect(entry.action == .connect)
        #expect(entry.desired == Fixture.address("2001:db8:2::1"))
    }
}

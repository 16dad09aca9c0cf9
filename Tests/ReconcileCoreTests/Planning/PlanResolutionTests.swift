import ReconcileCore
import Testing

/// Network resolution: a label's references by ID, name or unique ID prefix, the allow-list,
/// and labels that name several networks.
@Suite struct PlanResolutionTests: PlanFixtures {
    /// References that must resolve to ``Fixture/v6net``.
    @Test(arguments: [
        "v6net",  // exact name
        Fixture.v6net.id,  // exact full ID
        "a1",  // unique ID prefix
        "a",  // one-character unique ID prefix
        String(Fixture.v6net.id.prefix(12)),  // the 12-digit short ID Docker prints
    ])
    func resolvesByIDNameOrUniquePrefix(reference: String) throws {
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: reference)]))
        #expect(entry.action == .connect)
        #expect(entry.network == "v6net")
        #expect(entry.networkID == Fixture.v6net.id)
    }

    /// An exact ID wins over a network that has that text as its name.
    @Test func exactIDBeatsName() throws {
        let target = Self.net("2001:db8:f1::/64", name: "target", id: Fixture.id("f1"))
        let impostor = Self.net("2001:db8:e1::/64", name: Fixture.id("f1"), id: Fixture.id("e1"))
        let entry = try onlyEntry(
            Fixture.plan([Fixture.container("mon_container", network: Fixture.id("f1"))], networks: [impostor, target]))
        #expect(entry.networkID == Fixture.id("f1"))
        #expect(entry.network == "target")
    }

    /// An exact name wins over an ID prefix, and a unique name wins even when the text is also a
    /// prefix of several IDs.
    @Test func exactNameBeatsIDPrefix() throws {
        let named = Self.net("2001:db8:e1::/64", name: "c0", id: Fixture.id("e1"))
        let prefixed = Self.net("2001:db8:c0::/64", name: "prefixed", id: Fixture.id("c0"))
        let prefixed2 = Self.net("2001:db8:c1::/64", name: "prefixed2", id: Fixture.id("c01"))
        let entry = try onlyEntry(
            Fixture.plan([Fixture.container("mon_container", network: "c0")], networks: [prefixed, named, prefixed2]))
        #expect(entry.networkID == Fixture.id("e1"))
    }

    /// The allow-list admits a network named in it by name or by full ID, however the label names it.
    @Test(arguments: [
        ("v6net", "v6net"),  // allowed by name, named by name
        ("v6net", Fixture.v6net.id),  // allowed by ID, named by name
        (Fixture.v6net.id, "v6net"),  // allowed by name, named by ID
        ("a1", Fixture.v6net.id),  // allowed by ID, named by ID prefix
    ])
    func allowListAdmitsByNameOrID(label: String, allowed: String) throws {
        let policy = ReconcilePolicy(allowedNetworks: [allowed, "unrelated"])
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: label)], policy: policy))
        #expect(entry.action == .connect)
    }

    // MARK: - Several networks in one label

    /// Labels that name v6net and other, and must yield exactly those two pairs.
    @Test(arguments: [
        "v6net,other",  // plain list
        "other,v6net",  // order of the label does not matter
        " v6net , other ",  // spaces around entries
        "v6net,other,v6net",  // duplicate name
        "v6net,\(Fixture.id("a1")),other",  // name and full ID of the same network
        "a1,v6net,b2,other",  // ID prefixes and names of the same networks
    ])
    func labelListsSeveralNetworks(label: String) {
        let plan = Fixture.plan([Fixture.container("mon_container", network: label)])
        #expect(plan.entries.map(\.network) == ["other", "v6net"])
        #expect(plan.entries.map(\.networkID) == [Fixture.other.id, Fixture.v6net.id])
        #expect(plan.entries.map(\.desired) == [Fixture.address("2001:db8:2::3d:7a:30"), Fixture.address(Self.monOnV6net)])
        #expect(plan.entries.allSatisfy { $0.action == .connect })
    }

    /// A bad reference among good ones is a problem for that reference only.
    @Test func oneBadReferenceAmongGoodOnes() {
        let container = Fixture.container(
            "mon_container", network: "v6net,nope,v4only", endpoints: [Fixture.endpoint(Fixture.v6net, Self.monOnV6net)])
        let plan = Fixture.plan([container])
        #expect(plan.entries.map(\.network) == ["nope", "v4only", "v6net"])
        #expect(plan.entries.map(\.action) == [
            .problem(.networkNotFound(reference: "nope")), .problem(.noIPv6Subnet(network: "v4only")), .inSync,
        ])
    }
}

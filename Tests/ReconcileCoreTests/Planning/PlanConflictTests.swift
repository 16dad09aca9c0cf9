import ReconcileCore
import Testing

/// Conflicts: two containers that want one address on one network, and who keeps it.
@Suite struct PlanConflictTests: PlanFixtures {
    /// Two names whose MD5 digests share the first three bytes (7f cd d2) want one address: the
    /// name that sorts first gets it, whatever order the engine listed them in.
    @Test(arguments: [["c2166", "c5093"], ["c5093", "c2166"]])
    func hashCollisionGoesToFirstName(order: [String]) {
        let plan = Fixture.plan(order.map { Fixture.container($0, network: "v6net") })
        let address = Fixture.address("2001:db8:1:1:0:7f:cd:d2")
        #expect(plan.entries.map(\.containerName) == ["c2166", "c5093"])
        #expect(plan.entries.map(\.action) == [.connect, .problem(.conflict(address: address, holder: "c2166"))])
        #expect(plan.entries.map(\.desired) == [address, address])
        #expect(plan.writes(fixDrift: true).map(\.entry.containerName) == ["c2166"])
    }

    /// The container already holding the address keeps it, even when its name sorts last.
    @Test func holderKeepsAddress() {
        let address = Fixture.address("2001:db8:1:1:0:7f:cd:d2")
        let holder = Fixture.container(
            "c5093", network: "v6net", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:DB8:1:1:0:7F:CD:D2")])
        let plan = Fixture.plan([holder, Fixture.container("c2166", network: "v6net")])
        #expect(plan.entries.map(\.containerName) == ["c2166", "c5093"])
        #expect(plan.entries.map(\.action) == [.problem(.conflict(address: address, holder: "c5093")), .inSync])
    }

    /// A labelled container that holds the address on the network keeps it even if it now wants
    /// another one (it drifted); the newcomer waits.
    @Test func driftedHolderStillHoldsAddress() {
        let holder = Fixture.container(
            "zz_holder", network: "v6net", suffix: "9", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::ab:cd:56")])
        let plan = Fixture.plan([holder, Fixture.container("aa_new", network: "v6net", suffix: "ab:cd:56")])
        #expect(plan.entries.map(\.action) == [
            .problem(.conflict(address: Fixture.address("2001:db8:1:1::ab:cd:56"), holder: "zz_holder")), .drift,
        ])
    }

    /// Duplicate explicit suffixes: the name that sorts first wins, each loser names the winner.
    @Test func duplicateExplicitSuffixGoesToFirstName() {
        let names = ["web-b", "web-c", "web-a"]
        let plan = Fixture.plan(names.map { Fixture.container($0, network: "v6net", suffix: "ab:cd:56") })
        let address = Fixture.address("2001:db8:1:1:0:ab:cd:56")
        #expect(plan.entries.map(\.containerName) == ["web-a", "web-b", "web-c"])
        #expect(plan.entries.map(\.action) == [
            .connect, .problem(.conflict(address: address, holder: "web-a")),
            .problem(.conflict(address: address, holder: "web-a")),
        ])
    }

    /// Two Swarm tasks of one slot (hashed alike) conflict; the other slot does not.
    @Test func swarmTasksOfOneSlotConflict() {
        let plan = Fixture.plan([
            Fixture.container("web.1.bbbb", network: "v6net"), Fixture.container("web.1.aaaa", network: "v6net"),
            Fixture.container("web.2.cccc", network: "v6net"),
        ])
        #expect(plan.entries.map(\.containerName) == ["web.1.aaaa", "web.1.bbbb", "web.2.cccc"])
        #expect(plan.entries.map(\.action) == [
            .connect, .problem(.conflict(address: Fixture.address("2001:db8:1:1::3:8c:40"), holder: "web.1.aaaa")), .connect,
        ])
    }

    /// The same suffix on two different networks is no conflict.
    @Test func sameSuffixOnDifferentNetworksIsNoConflict() {
        let plan = Fixture.plan([
            Fixture.container("a", network: "v6net", suffix: "ab:cd:56"),
            Fixture.container("b", network: "other", suffix: "ab:cd:56"),
        ])
        #expect(plan.entries.map(\.action) == [.connect, .connect])
    }

    /// A container that holds an address on one network does not block it on another.
    @Test func holderOnAnotherNetworkDoesNotBlock() {
        let plan = Fixture.plan([
            Fixture.container("zz", network: "other", suffix: "5", endpoints: [Fixture.endpoint(Fixture.other, "2001:db8:1:1::5")]),
            Fixture.container("aa", network: "v6net", suffix: "5"),
        ])
        #expect(plan.entries.map(\.containerName) == ["aa", "zz"])
        #expect(plan.entries[0].action == .connect)
    }
}

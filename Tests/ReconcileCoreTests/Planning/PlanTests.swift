import ReconcileCore
import Testing

/// The plan as a whole: the policy's labels, the order of its entries, and the writes it implies.
@Suite struct PlanTests: PlanFixtures {
    // MARK: - Policy and ordering

    /// A custom label prefix reads its own labels and ignores the default ones.
    @Test func customLabelPrefix() throws {
        let policy = ReconcilePolicy(labelPrefix: "com.example.v6")
        #expect(policy.networkLabel == "com.example.v6.network")
        #expect(policy.suffixLabel == "com.example.v6.suffix")
        #expect(ReconcilePolicy().networkLabel == "ipv6.mapper.network")
        #expect(ReconcilePolicy().suffixLabel == "ipv6.mapper.suffix")

        let custom = Fixture.container("mon_container", network: "v6net", suffix: "ab:cd:56", labelPrefix: "com.example.v6")
        let entry = try onlyEntry(Fixture.plan([custom], policy: policy))
        #expect(entry.action == .connect)
        #expect(entry.desired == Fixture.address("2001:db8:1:1:0:ab:cd:56"))

        // Default labels under a custom prefix are not read: no network label at all.
        let defaults = Fixture.container("mon_container", network: "v6net", suffix: "ab:cd:56")
        #expect(try onlyEntry(Fixture.plan([defaults], policy: policy)).action == .problem(.emptyNetworkLabel(label: "")))

        // A default suffix label is ignored under a custom prefix: the hash is used.
        var mixed = Fixture.container("mon_container", network: "v6net", labelPrefix: "com.example.v6")
        mixed.labels["ipv6.mapper.suffix"] = "ab:cd:56"
        #expect(try onlyEntry(Fixture.plan([mixed], policy: policy)).desired == Fixture.address(Self.monOnV6net))
    }

    /// Entries are sorted by container name, then network, whatever the input order, and
    /// planning is deterministic.
    @Test func entriesAreSortedAndDeterministic() {
        let containers = [
            Fixture.container("nginx", network: "v6net,other"),
            Fixture.container("determined_jackson", network: "v6net"),
            Fixture.container("mon_container", network: "other,v6net"),
        ]
        let plan = Fixture.plan(containers)
        let pairs = plan.entries.map { "\($0.containerName)@\($0.network)" }
        #expect(pairs == [
            "determined_jackson@v6net", "mon_container@other", "mon_container@v6net", "nginx@other", "nginx@v6net",
        ])
        #expect(Fixture.plan(containers.reversed()) == plan)
        #expect(Fixture.plan(containers) == plan)
    }

    /// An empty observation plans nothing.
    @Test func emptyObservationPlansNothing() {
        #expect(Fixture.plan([]).entries.isEmpty)
        #expect(Fixture.plan([], networks: []).writes(fixDrift: true).isEmpty)
    }

    // MARK: - Writes

    /// One container per verdict: in sync, to connect, drifted, problem (the reporting tests plan
    /// it too, as `PlanTests.mixed`).
    static let mixed = [
        Fixture.container("a_insync", network: "v6net", suffix: "a", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::a")]),
        Fixture.container("b_connect", network: "v6net", suffix: "b"),
        Fixture.container("c_drift", network: "v6net", suffix: "c", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::99")]),
        Fixture.container("d_problem", network: "nope"),
    ]

    /// Without `fixDrift` only connects are written; with it, drift is reconnected too; in-sync
    /// pairs and problems never are.
    @Test func writesFollowFixDrift() throws {
        let plan = Fixture.plan(Self.mixed)
        #expect(plan.entries.map(\.action) == [
            .inSync, .connect, .drift, .problem(.networkNotFound(reference: "nope")),
        ])
        let plain = plan.writes(fixDrift: false)
        #expect(plain.map(\.kind) == [.connect])
        #expect(plain.map(\.entry.containerName) == ["b_connect"])
        #expect(plain.first?.entry == plan.entries[1])
        let fixing = plan.writes(fixDrift: true)
        #expect(fixing.map(\.kind) == [.connect, .reconnect])
        #expect(fixing.map(\.entry.containerName) == ["b_connect", "c_drift"])
        #expect(fixing.last?.entry.desired == Fixture.address("2001:db8:1:1::c"))
    }
}

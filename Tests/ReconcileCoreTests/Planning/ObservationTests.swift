import ReconcileCore
import Testing

/// `Observation`'s one normalization: endpoints that name their network by name (Podman 4.3)
/// are given the network's ID, so that the plan, which compares IDs, sees them connected.
@Suite struct ObservationTests {
    /// A network whose name is another network's ID: IDs win.
    static let tricky = ObservedNetwork(id: "nid-tricky", name: Fixture.v6net.id, ipamPools: [])

    @Test(arguments: [
        (Fixture.v6net.id, Fixture.v6net.id),  // Docker, Podman 5.4: the ID, kept
        ("v6net", Fixture.v6net.id),  // Podman 4.3: the name, replaced by the ID
        ("nonexistent", "nonexistent"),  // neither: kept, matches nothing
        ("", ""),  // empty: kept
    ])
    func endpointNetworkReference(reference: String, expected: String) {
        let container = Fixture.container("web", network: "v6net", endpoints: [ObservedEndpoint(networkID: reference, ipv6Address: "")])
        let observation = Observation(containers: [container], networks: Fixture.networks + [Self.tricky])
        #expect(observation.containers[0].endpoints.map(\.networkID) == [expected])
    }

    /// The walkthrough on Podman 4.3: connected at the desired address, listed by name, is in
    /// sync, so the second run makes no connect (Podman would answer 500 "already connected").
    @Test func podmanListingIsInSync() {
        let listed = Fixture.container(
            "web", network: "v6net", suffix: "5", endpoints: [ObservedEndpoint(networkID: "v6net", ipv6Address: "2001:db8:1:1::5")])
        let plan = Fixture.plan([listed])
        #expect(plan.entries.map(\.action) == [.inSync])
        #expect(plan.writes(fixDrift: true).isEmpty)
    }
}

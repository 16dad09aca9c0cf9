import DockerEngine
import ReconcileCore
import Testing

/// The dialect's one normalization of what was listed: endpoints that name their network by name
/// (Podman 4.3) are given the network's ID, so that the plan, which compares IDs, sees them
/// connected.
@Suite struct NetworkReferencesTests {
    /// The labelled network, `2001:db8:1:1::/80`.
    static let v6net = ObservedNetwork(id: "a1" + String(repeating: "0", count: 62), name: "v6net", ipamPools: [IPAMPool(subnet: "2001:db8:1:1::/80")])
    /// A network whose name is another network's ID: IDs win.
    static let tricky = ObservedNetwork(id: "nid-tricky", name: v6net.id, ipamPools: [])

    /// Container `web` labelled for `v6net` at suffix 5, with one endpoint naming `reference`.
    static func web(endpointOn reference: String, address: String = "") -> ObservedContainer {
        ObservedContainer(
            id: "cid-web", name: "web", labels: ["ipv6.mapper.network": "v6net", "ipv6.mapper.suffix": "5"],
            endpoints: [ObservedEndpoint(networkID: reference, ipv6Address: address)])
    }

    @Test(arguments: [
        (v6net.id, v6net.id),  // Docker, Podman 5.4: the ID, kept
        ("v6net", v6net.id),  // Podman 4.3: the name, replaced by the ID
        ("nonexistent", "nonexistent"),  // neither: kept, matches nothing
        ("", ""),  // empty: kept
    ])
    func endpointNetworkReference(reference: String, expected: String) {
        let containers = EngineDialect.endpointsByNetworkID([Self.web(endpointOn: reference)], networks: [Self.v6net, Self.tricky])
        #expect(containers[0].endpoints.map(\.networkID) == [expected])
    }

    /// The walkthrough on Podman 4.3: connected at the desired address, listed by name, is in
    /// sync, so the second run makes no connect (Podman would answer 500 "already connected").
    @Test func podmanListingIsInSync() {
        let listed = EngineDialect.endpointsByNetworkID(
            [Self.web(endpointOn: "v6net", address: "2001:db8:1:1::5")], networks: [Self.v6net])
        let plan = Plan(observation: Observation(containers: listed, networks: [Self.v6net]), policy: ReconcilePolicy())
        #expect(plan.entries.map(\.action) == [.inSync])
        #expect(plan.writes(fixDrift: true).isEmpty)
    }
}

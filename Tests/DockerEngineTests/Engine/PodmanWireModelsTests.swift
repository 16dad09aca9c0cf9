@testable import DockerEngine
import EngineCaptures
import ReconcileCore
import Testing

/// Podman's answers where they differ from Docker's, as Podman 4.3.1 sent them (captured from the
/// private engine of scripts/test; IDs shortened where the test does not need them whole).
@Suite struct PodmanWireModelsTests {
    /// The libpod network list (`GET /v4.3.1/libpod/networks/json`), which answers while the
    /// compatible list fails with `network inspection mismatch`.
    @Test func readsLibpodNetworks() throws {
        let networks = try WireModels.libpodNetworks(Capture.bytes("podman-4.3/libpod-networks-json.json"))
        #expect(networks == [
            ObservedNetwork(
                id: "fccfb075ab98747ddb06701b72d0eed4fb36657f1018415854380d07892f700b", name: "n1",
                ipamPools: [IPAMPool(subnet: "2001:db8:40:1::/80", gateway: "2001:db8:40:1::1"), IPAMPool(subnet: "198.18.0.0/24", gateway: "198.18.0.1")]),
            ObservedNetwork(
                id: "2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9", name: "podman",
                ipamPools: [IPAMPool(subnet: "198.19.255.0/24", gateway: "198.19.255.1")]),
        ])
    }

    /// Internal and another driver are kept; a network without an ID is refused.
    @Test(arguments: [
        (#"[{"name":"i","id":"x","internal":true,"subnets":null}]"#, [ObservedNetwork(id: "x", name: "i", ipamPools: [], isInternal: true)]),
        (#"[{"name":"m","id":"y","driver":"macvlan"}]"#, [ObservedNetwork(id: "y", name: "m", ipamPools: [], driver: "macvlan")]),
    ])
    func readsVariants(json: String, networks: [ObservedNetwork]) throws {
        #expect(try WireModels.libpodNetworks(Array(json.utf8)) == networks)
    }

    @Test func refusesNetworkWithoutID() {
        #expect(throws: JSONReadError.missingField("id")) { try WireModels.libpodNetworks(Array(#"[{"name":"n"}]"#.utf8)) }
    }

    /// Podman 4.3's container list: `NetworkID` holds the network's name, and a port published on
    /// every address has no `IP`.
    @Test func readsPodman43Container() throws {
        let json = #"[{"Id":"3d87643a158f","Names":["/c1"],"Ports":[{"PrivatePort":80,"PublicPort":8080,"Type":"tcp"}],"Labels":{},"NetworkSettings":{"Networks":{"n1":{"NetworkID":"n1","GlobalIPv6Address":"2001:db8:10:1::5"},"podman":{"NetworkID":"podman","GlobalIPv6Address":""}}}}]"#
        let containers = try WireModels.containers(Array(json.utf8), keepingLabelsUnder: nil)
        #expect(containers.first?.endpoints.map(\.networkID) == ["n1", "podman"])
        #expect(containers.first?.publishedPorts == [PublishedPort(containerPort: 80, transport: "tcp", hostAddress: "")])
    }
}

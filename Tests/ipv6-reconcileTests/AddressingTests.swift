import Foundation
import Testing

/// Where containers end up: the explicit suffix label, several networks in one label, and the
/// same address for a container recreated under the same name.
@Suite("Addressing", .needsEngine)
struct AddressingTests {
    /// `suffix=ab:cd:56` puts the container at `<prefix>::ab:cd:56`, compared as numbers, and
    /// not at its name-derived address.
    @Test("explicit suffix ab:cd:56 gives <prefix>::ab:cd:56")
    func explicitSuffix() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let container = try await fixture.runContainer("web", labels: fixture.labels(networks: [network.name], suffix: "ab:cd:56"))
            let expected = network.subnet.address(suffix: try HostSuffixOracle.explicit("ab:cd:56"))
            let derived = network.subnet.address(suffix: try await HostSuffixOracle.derived(fromContainerName: container.name))
            #expect(expected != derived)

            let run = try await fixture.reconciler.run()
            #expect(run.status == 0, "\(run)")
            #expect(run.reportLines("connected").map(\.addresses) == [[expected]], "\(run)")
            let endpoint = try #require(try await fixture.docker.endpoints(ofContainer: container.name)[network.name])
            #expect(endpoint.ipv6 == expected, "engine has \(endpoint.ipv6Text), expected \(expected)")
        }
    }

    /// `network=netA,netB` connects the container to both, each at its own prefix plus the same
    /// suffix.
    @Test("a label naming two networks connects to both")
    func severalNetworks() async throws {
        try await EngineFixture.with { fixture in
            let netA = try await fixture.createNetwork("neta")
            let netB = try await fixture.createNetwork("netb")
            let container = try await fixture.runContainer("web", labels: fixture.labels(networks: [netA.name, netB.name]))
            let suffix = try await HostSuffixOracle.derived(fromContainerName: container.name)

            let run = try await fixture.reconciler.run()
            #expect(run.status == 0, "\(run)")
            #expect(run.reportLines("connected").map(\.network).sorted() == [netA.name, netB.name], "\(run)")
            #expect(run.summaryLine == "applied: 2 connected, 0 drifted, 0 problems, 0 in sync", "\(run)")
            let endpoints = try await fixture.docker.endpoints(ofContainer: container.name)
            #expect(endpoints[netA.name]?.ipv6 == netA.subnet.address(suffix: suffix), "\(endpoints)")
            #expect(endpoints[netB.name]?.ipv6 == netB.subnet.address(suffix: suffix), "\(endpoints)")
            // The engine's default network, which the container started on, is "podman" on Podman
            // (its network list calls it "bridge", its containers' endpoints "podman").
            let defaultNetwork = fixture.environment.isPodman ? "podman" : "bridge"
            #expect(Set(endpoints.keys) == [defaultNetwork, netA.name, netB.name])

            let again = try await fixture.reconciler.run()
            #expect(again.status == 0 && again.stdout.isEmpty, "\(again)")
        }
    }

    /// `docker rm -f` and `docker run` again under the same name (what compose's recreate does):
    /// a new container ID, not connected, and the next run gives it the same address back.
    @Test("a recreated container gets the same address back")
    func recreatedContainerKeepsItsAddress() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let labels = fixture.labels(networks: [network.name])
            let original = try await fixture.runContainer("web", labels: labels)
            let expected = network.subnet.address(suffix: try await HostSuffixOracle.derived(fromContainerName: original.name))

            let first = try await fixture.reconciler.run()
            #expect(first.status == 0, "\(first)")
            let firstAddress = try await fixture.docker.endpoints(ofContainer: original.name)[network.name]?.ipv6
            #expect(firstAddress == expected)

            try await fixture.removeContainer(original.name)
            let recreated = try await fixture.runContainer(named: original.name, labels: labels)
            #expect(recreated.id != original.id)
            #expect(try await fixture.docker.endpoints(ofContainer: recreated.name)[network.name] == nil)

            let second = try await fixture.reconciler.run()
            #expect(second.status == 0, "\(second)")
            #expect(second.reportLines("connected").map(\.container) == [recreated.name], "\(second)")
            let endpoint = try #require(try await fixture.docker.endpoints(ofContainer: recreated.name)[network.name])
            #expect(endpoint.ipv6 == firstAddress)
            #expect(endpoint.ipv6 == expected)
        }
    }
}

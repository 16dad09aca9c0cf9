import Foundation
import Testing

/// The Python tool's own walkthrough, which the README repeats: `mon_container` on a `/80`, with
/// the default `ipv6.mapper` labels. It is the one test that runs the tool without
/// `--label-prefix`, so it first makes sure it owns that namespace on the engine.
@Suite("Walkthrough", .needsEngine)
struct WalkthroughTests {
    /// The README's subnet; used when the engine has no overlapping network.
    static let readmeSubnet = "2001:db8:1:1::/80"

    /// First run connects `mon_container` at `<prefix>:0:3d:7a:30` and says so; the next run has
    /// nothing to do and prints nothing at all (the timer runs it every 5 seconds).
    @Test("mon_container gets prefix|3d:7a:30, then the next run is silent")
    func monContainerWalkthrough() async throws {
        try await EngineFixture.with(defaultLabelPrefix: true) { fixture in
            // Fixed name and default namespace: refuse to run rather than disturb, or depend on,
            // containers this test did not create.
            try await fixture.requireNameIsFree("mon_container")
            let others = try await fixture.docker.check(
                "ps", "--filter", "label=ipv6.mapper.network", "--format", "{{.Names}}")
            guard others.isEmpty else {
                throw FixturePreconditionError(description: "running containers already carry ipv6.mapper.network on \(fixture.environment.dockerHost) (\(others.split(separator: "\n").joined(separator: ", "))); the walkthrough runs the tool with the default label prefix and would manage them too: run it on a fresh engine with scripts/test")
            }

            let network = try await fixture.createNetwork("ipv6net", preferred: Self.readmeSubnet)
            let container = try await fixture.runContainer(named: "mon_container", labels: fixture.labels(networks: [network.name]))
            #expect(try await HostSuffixOracle.derived(fromContainerName: "mon_container") == HostSuffixOracle.explicit("3d:7a:30"))
            let expected = network.subnet.address(suffix: try HostSuffixOracle.explicit("3d:7a:30"))
            if network.subnet.description == Self.readmeSubnet {
                #expect(expected.description == "2001:db8:1:1:0:3d:7a:30")
            }

            let first = try await fixture.reconciler.run()
            #expect(first.status == 0, "\(first)")
            #expect(first.linesWithoutExposure == [
                "connected    mon_container on \(network.name) at \(expected)",
                "applied: 1 connected, 0 drifted, 0 problems, 0 in sync",
            ], "\(first)")
            // The fixture's network is reachable on every engine of the matrix (see createNetwork).
            #expect(first.reportLines.first?.exposure?.hasPrefix("reachable on all ports (") == true, "\(first)")
            #expect(first.stderr.isEmpty, "\(first)")

            let endpoints = try await fixture.docker.endpoints(ofContainer: container.name)
            let endpoint = try #require(endpoints[network.name], "not connected to \(network.name): \(endpoints)")
            #expect(endpoint.ipv6Text == expected.description)
            #expect(endpoint.ipv6 == expected)
            #expect(endpoint.ipv6PrefixLength == 80)
            if fixture.environment.engine == "podman-4.3" {
                // Podman 4.3 writes the network's name where Docker and Podman 5 write its ID.
                #expect(endpoint.networkID == network.name)
            } else {
                #expect(endpoint.networkID == network.id)
            }

            let second = try await fixture.reconciler.run()
            #expect(second.status == 0, "\(second)")
            #expect(second.stdout.isEmpty, "an in-sync apply run must print nothing: \(second)")
            #expect(second.stderr.isEmpty, "\(second)")
            let after = try await fixture.docker.endpoints(ofContainer: container.name)
            #expect(after == endpoints, "the in-sync run changed the container's endpoints")
        }
    }

    /// The README's second known answer for the default suffix: `nginx` → `…:ee:43:40`. Runs in
    /// its own label namespace, so only the container name is fixed.
    @Test("nginx gets prefix|ee:43:40")
    func nginxKnownAnswer() async throws {
        try await EngineFixture.with { fixture in
            try await fixture.requireNameIsFree("nginx")
            let network = try await fixture.createNetwork("net")
            let container = try await fixture.runContainer(named: "nginx", labels: fixture.labels(networks: [network.name]))
            #expect(try await HostSuffixOracle.derived(fromContainerName: "nginx") == HostSuffixOracle.explicit("ee:43:40"))
            let expected = network.subnet.address(suffix: try HostSuffixOracle.explicit("ee:43:40"))

            let run = try await fixture.reconciler.run()
            #expect(run.status == 0, "\(run)")
            #expect(run.reportLines("connected").map(\.addresses) == [[expected]], "\(run)")
            let endpoints = try await fixture.docker.endpoints(ofContainer: container.name)
            #expect(endpoints[network.name]?.ipv6 == expected, "\(endpoints)")
        }
    }
}

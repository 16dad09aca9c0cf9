import Foundation
import Testing

/// "Nothing else is ever touched": containers without this namespace's network label keep exactly
/// their networks and addresses through apply runs, `--fix-drift` runs and dry runs, even when
/// they look like drift (on the network at an odd address) or like a pending connect.
@Suite("Unlabelled containers", .needsEngine)
struct UnlabelledTests {
    /// Four decoys next to one labelled container: on the network at an address no label asks
    /// for; not on it; carrying only the suffix label; carrying another namespace's network label.
    /// Their endpoints (IDs included, so a disconnect-and-reconnect would show) never change.
    @Test("unlabelled containers keep their networks and addresses")
    func unlabelledAreNeverTouched() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let labelled = try await fixture.runContainer("labelled", labels: fixture.labels(networks: [network.name]))
            let onNetwork = try await fixture.runContainer("on-net")
            try await fixture.connectByHand(onNetwork.name, to: network.name, ip6: network.subnet.address(suffix: try HostSuffixOracle.explicit("bad:1")))
            let offNetwork = try await fixture.runContainer("off-net")
            let suffixOnly = try await fixture.runContainer("suffix-only", labels: [fixture.labelPrefix + ".suffix": "1:2:3"])
            let otherNamespace = try await fixture.runContainer("other-ns", labels: ["o\(fixture.names.tag).mapper.network": network.name])
            let decoys = [onNetwork, offNetwork, suffixOnly, otherNamespace]

            var before: [String: [String: EndpointSnapshot]] = [:]
            for decoy in decoys { before[decoy.name] = try await fixture.docker.endpoints(ofContainer: decoy.name) }
            #expect(before[onNetwork.name]?[network.name] != nil)

            for arguments in [[], ["--fix-drift"], ["--dry-run", "--fix-drift"], ["--fix-drift"]] {
                let run = try await fixture.reconciler.run(arguments)
                #expect(run.status == 0, "\(run)")
                #expect(Set(run.reportLines.map(\.container)).isSubset(of: [labelled.name]), "only the labelled container may be reported: \(run)")
                for decoy in decoys {
                    let now = try await fixture.docker.endpoints(ofContainer: decoy.name)
                    #expect(now == before[decoy.name], "\(decoy.name) changed after \(arguments): \(now)")
                }
            }
            let attached = try await fixture.docker.attachments(ofNetwork: network.name).map(\.name)
            #expect(attached == [labelled.name, onNetwork.name].sorted())
        }
    }
}

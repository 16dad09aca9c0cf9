import Foundation
import Testing

/// Two labelled containers that want one address on one network: the holder keeps it, else the
/// name that sorts first gets it, and the other is a problem naming the winner.
@Suite("Conflicts", .needsEngine)
struct ConflictTests {
    /// Neither holds the address: `…-a` sorts before `…-b` and gets it; `…-b` is a problem naming
    /// `…-a` and is not connected, on this run and the next (which has nothing new to log).
    @Test("same suffix, nobody holds it: the name that sorts first wins")
    func firstNameWins() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let labels = fixture.labels(networks: [network.name], suffix: "ab:cd:56")
            // Started in reverse order, so that creation order cannot be what decides.
            let second = try await fixture.runContainer("b", labels: labels)
            let first = try await fixture.runContainer("a", labels: labels)
            #expect(first.name < second.name)
            let address = network.subnet.address(suffix: try HostSuffixOracle.explicit("ab:cd:56"))

            let run = try await fixture.reconciler.run()
            #expect(run.status == 3, "\(run)")
            let problems = run.conditionLines("problem")
            #expect(problems.map(\.container) == [second.name], "\(run)")
            #expect(problems.first?.detail.contains(first.name) == true, "the reason must name the winner: \(run)")
            #expect(run.reportLines("connected").map(\.container) == [first.name], "\(run)")
            #expect(try await fixture.docker.endpoints(ofContainer: first.name)[network.name]?.ipv6 == address)
            #expect(try await fixture.isAttached(second, to: network) == false)

            let again = try await fixture.reconciler.run()
            #expect(again.status == 3, "\(again)")
            #expect(again.reportLines.isEmpty && again.conditionLines.isEmpty, "nothing changed, nothing new: \(again)")
            #expect(try await fixture.docker.endpoints(ofContainer: first.name)[network.name]?.ipv6 == address)
            #expect(try await fixture.isAttached(second, to: network) == false)
        }
    }

    /// The later-sorting container was connected at the address by hand first: it keeps it (same
    /// endpoint), and the earlier-sorting one is the problem, naming it.
    @Test("same suffix, the later name already holds it: it keeps it")
    func holderKeepsAddress() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let labels = fixture.labels(networks: [network.name], suffix: "ab:cd:56")
            let first = try await fixture.runContainer("a", labels: labels)
            let holder = try await fixture.runContainer("b", labels: labels)
            let address = network.subnet.address(suffix: try HostSuffixOracle.explicit("ab:cd:56"))
            try await fixture.connectByHand(holder.name, to: network.name, ip6: address)
            let holderBefore = try await fixture.docker.endpoints(ofContainer: holder.name)

            let run = try await fixture.reconciler.run()
            #expect(run.status == 3, "\(run)")
            let problems = run.conditionLines("problem")
            #expect(problems.map(\.container) == [first.name], "\(run)")
            #expect(problems.first?.detail.contains(holder.name) == true, "the reason must name the holder: \(run)")
            #expect(run.reportLines("connected").isEmpty, "\(run)")
            #expect(run.summaryLine == "applied: 0 connected, 0 drifted, 1 problems, 1 in sync", "\(run)")

            #expect(try await fixture.docker.endpoints(ofContainer: holder.name) == holderBefore)
            #expect(try await fixture.isAttached(first, to: network) == false)
        }
    }
}

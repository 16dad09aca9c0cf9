import Foundation
import Testing

/// Containers that cannot be brought in sync are problems (exit 3), named with their reason, and
/// never hold up the other containers of the same run. A dry run prints them in its report; an
/// apply run logs each on stderr when it appears, and only then (see ``ConditionLogLine``).
@Suite("Problems", .needsEngine)
struct ProblemTests {
    /// A label naming a network that does not exist is a problem naming that network, in the dry
    /// run's report and in the apply run's log; a good container in the same run is still
    /// connected, and the bad one is left as it was. The next apply run does not log it again.
    @Test("missing network: problem naming it, exit 3, others still connected")
    func missingNetwork() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            // Not hex, so it cannot resolve as an ID prefix of some other network either.
            let missing = fixture.names.name("missing")
            let bad = try await fixture.runContainer("bad", labels: fixture.labels(networks: [missing]))
            let good = try await fixture.runContainer("good", labels: fixture.labels(networks: [network.name]))
            let badBefore = try await fixture.docker.endpoints(ofContainer: bad.name)
            let expected = network.subnet.address(suffix: try await HostSuffixOracle.derived(fromContainerName: good.name))

            let dry = try await fixture.reconciler.run("--dry-run")
            #expect(dry.status == 3, "problems take precedence over pending changes: \(dry)")
            let reported = dry.reportLines("problem")
            #expect(reported.map(\.container) == [bad.name], "\(dry)")
            #expect(reported.first?.network == missing, "\(dry)")
            #expect(reported.first?.detail.contains(missing) == true, "the reason must name the network: \(dry)")
            #expect(dry.reportLines("connect").map(\.container) == [good.name], "\(dry)")
            #expect(dry.summaryLine == "dry run: 1 to connect, 0 drifted, 1 problems, 0 in sync", "\(dry)")

            let run = try await fixture.reconciler.run()
            #expect(run.status == 3, "\(run)")
            let logged = run.conditionLines("problem")
            #expect(logged.map(\.container) == [bad.name], "\(run)")
            #expect(logged.first?.network == missing, "\(run)")
            #expect(logged.first?.detail.contains(missing) == true, "the reason must name the network: \(run)")
            #expect(run.reportLines("connected").map(\.container) == [good.name], "\(run)")
            #expect(run.summaryLine == "applied: 1 connected, 0 drifted, 1 problems, 0 in sync", "\(run)")

            #expect(try await fixture.docker.endpoints(ofContainer: good.name)[network.name]?.ipv6 == expected)
            #expect(try await fixture.docker.endpoints(ofContainer: bad.name) == badBefore)

            let again = try await fixture.reconciler.run()
            #expect(again.status == 3, "the problem persists: \(again)")
            #expect(again.stdout.isEmpty && again.stderr.isEmpty, "a persistent problem is logged once, not on every run: \(again)")
        }
    }

    /// With `--allow-network`, a label naming any other network is refused: a problem, not
    /// connected, exit 3; a container naming the allowed network is connected as usual.
    @Test("--allow-network refuses other networks")
    func allowNetworkRefusesOthers() async throws {
        try await EngineFixture.with { fixture in
            let allowed = try await fixture.createNetwork("allowed")
            let refused = try await fixture.createNetwork("refused")
            let sneaky = try await fixture.runContainer("sneaky", labels: fixture.labels(networks: [refused.name]))
            let fine = try await fixture.runContainer("fine", labels: fixture.labels(networks: [allowed.name]))
            let sneakyBefore = try await fixture.docker.endpoints(ofContainer: sneaky.name)

            let run = try await fixture.reconciler.run("--allow-network", allowed.name)
            #expect(run.status == 3, "\(run)")
            let problems = run.conditionLines("problem")
            #expect(problems.map(\.container) == [sneaky.name], "\(run)")
            #expect(problems.first?.network == refused.name, "\(run)")
            #expect(problems.first?.detail.contains("--allow-network") == true, "\(run)")
            #expect(run.reportLines("connected").map(\.container) == [fine.name], "\(run)")

            #expect(try await fixture.docker.endpoints(ofContainer: sneaky.name) == sneakyBefore)
            #expect(try await fixture.docker.attachments(ofNetwork: refused.name).isEmpty)
            #expect(try await fixture.docker.attachments(ofNetwork: allowed.name).map(\.name) == [fine.name])
        }
    }

    /// An unlabelled container connected by hand at a labelled container's address: the engine
    /// refuses the connect, and the problem names the holder, which keeps its endpoint. Once the
    /// holder is gone, the next run connects the labelled container and logs the problem cleared.
    @Test("address held by an unlabelled container: problem naming the holder")
    func addressHeldByUnlabelled() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let labelled = try await fixture.runContainer("labelled", labels: fixture.labels(networks: [network.name]))
            let holder = try await fixture.runContainer("holder")
            let desired = network.subnet.address(suffix: try await HostSuffixOracle.derived(fromContainerName: labelled.name))
            try await fixture.connectByHand(holder.name, to: network.name, ip6: desired)
            let holderBefore = try await fixture.docker.endpoints(ofContainer: holder.name)
            #expect(holderBefore[network.name]?.ipv6 == desired)

            let run = try await fixture.reconciler.run()
            #expect(run.status == 3, "\(run)")
            let problems = run.conditionLines("problem")
            #expect(problems.map(\.container) == [labelled.name], "\(run)")
            #expect(problems.first?.detail.contains(holder.name) == true, "the reason must name the holder: \(run)")
            #expect(run.reportLines("connected").isEmpty, "\(run)")
            #expect(run.summaryLine == "applied: 0 connected, 0 drifted, 1 problems, 0 in sync", "\(run)")

            #expect(try await fixture.docker.endpoints(ofContainer: holder.name) == holderBefore)
            #expect(try await fixture.isAttached(labelled, to: network) == false)
            #expect(try await fixture.docker.attachments(ofNetwork: network.name).map(\.name) == [holder.name])

            try await fixture.removeContainer(holder.name)
            let freed = try await fixture.reconciler.run()
            #expect(freed.status == 0, "\(freed)")
            #expect(freed.reportLines("connected").map(\.addresses) == [[desired]], "\(freed)")
            #expect(freed.conditionLines("cleared").map(\.container) == [labelled.name], "\(freed)")
            #expect(try await fixture.docker.endpoints(ofContainer: labelled.name)[network.name]?.ipv6 == desired)
        }
    }
}

import Foundation
import Testing

/// `--output json`: one document, parsed here with JSONSerialization, whose fields are checked
/// against the engine's own IDs and the expected addresses, for a pair of each kind a dry run
/// can report: in sync, to connect, and a problem.
@Suite("JSON output", .needsEngine)
struct JSONOutputTests {
    /// An in-sync container, a pending one and one naming a missing network: schemaVersion 1,
    /// mode `dry-run`, exitStatus 3 (problems take precedence over pending changes) matching the
    /// process's status, every status counted, and the pairs sorted by name with their values.
    @Test("--output json --dry-run: schema, pairs and values")
    func jsonDryRun() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let inSync = try await fixture.runContainer("a", labels: fixture.labels(networks: [network.name]))
            let setup = try await fixture.reconciler.run()
            #expect(setup.status == 0, "\(setup)")
            let pending = try await fixture.runContainer("b", labels: fixture.labels(networks: [network.name], suffix: "ab:cd:56"))
            let missing = fixture.names.name("missing")
            let broken = try await fixture.runContainer("c", labels: fixture.labels(networks: [missing]))
            let inSyncAddress = network.subnet.address(suffix: try await HostSuffixOracle.derived(fromContainerName: inSync.name))
            let pendingAddress = network.subnet.address(suffix: try HostSuffixOracle.explicit("ab:cd:56"))

            let run = try await fixture.reconciler.run("--output", "json", "--dry-run")
            #expect(run.status == 3, "\(run)")
            #expect(run.lines.count == 1, "one document on one line: \(run)")
            let document = try #require(
                try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "not a JSON object: \(run)")

            #expect(document["schemaVersion"] as? Int == 1)
            #expect(document["mode"] as? String == "dry-run")
            #expect(document["exitStatus"] as? Int == Int(run.status))
            let summary = try #require(document["summary"] as? [String: Int], "\(run)")
            #expect(summary == ["in-sync": 1, "connect": 1, "connected": 0, "drift": 0, "reconnect": 0, "reconnected": 0, "problem": 1])

            let pairs = try #require(document["pairs"] as? [[String: Any]], "\(run)")
            try #require(pairs.count == 3, "\(run)")
            #expect(pairs.map { $0["containerName"] as? String } == [inSync.name, pending.name, broken.name])

            let a = pairs[0]
            #expect(a["containerId"] as? String == inSync.id)
            #expect(a["network"] as? String == network.name)
            #expect(a["networkId"] as? String == network.id)
            #expect((a["desiredAddress"] as? String).flatMap(IPv6Value.init) == inSyncAddress)
            #expect((a["currentAddress"] as? String).flatMap(IPv6Value.init) == inSyncAddress)
            #expect(a["connected"] as? Bool == true)
            #expect(a["status"] as? String == "in-sync")
            #expect(a["reason"] is NSNull)

            let b = pairs[1]
            #expect(b["containerId"] as? String == pending.id)
            #expect(b["network"] as? String == network.name)
            #expect(b["networkId"] as? String == network.id)
            #expect((b["desiredAddress"] as? String).flatMap(IPv6Value.init) == pendingAddress)
            #expect(b["currentAddress"] is NSNull)
            #expect(b["connected"] as? Bool == false)
            #expect(b["status"] as? String == "connect")
            #expect(b["reason"] is NSNull)

            let c = pairs[2]
            #expect(c["containerId"] as? String == broken.id)
            #expect(c["network"] as? String == missing)
            #expect(c["networkId"] is NSNull)
            #expect(c["desiredAddress"] is NSNull)
            #expect(c["currentAddress"] is NSNull)
            #expect(c["connected"] as? Bool == false)
            #expect(c["status"] as? String == "problem")
            #expect((c["reason"] as? String)?.contains(missing) == true, "\(run)")

            #expect(try await fixture.docker.endpoints(ofContainer: pending.name)[network.name] == nil, "a dry run must write nothing")
        }
    }
}

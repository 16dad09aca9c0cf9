import Foundation
import Testing

/// Drift, a labelled container connected at another address of the subnet, is reported and left
/// alone (exit 3) unless `--fix-drift`, which moves it to the desired address.
@Suite("Drift", .needsEngine)
struct DriftTests {
    /// Reported and left alone by an apply run (logged, where it is and where it should be); shown
    /// by dry runs as `drift`, or as `reconnect` with `--fix-drift`, writing nothing; moved by
    /// `--fix-drift` to the desired address with exactly one endpoint on the network, the drift
    /// logged as cleared; in sync and silent afterwards.
    @Test("drift is reported, left alone, then repaired by --fix-drift")
    func driftThenFix() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let (container, desired) = try await fixture.runLabelled(on: network)
            let elsewhere = network.subnet.address(suffix: try HostSuffixOracle.explicit("dead:beef"))
            try await fixture.connectByHand(container.name, to: network.name, ip6: elsewhere)
            let drifted = try await fixture.docker.endpoints(ofContainer: container.name)
            #expect(drifted[network.name]?.ipv6 == elsewhere)

            let report = try await fixture.reconciler.run()
            #expect(report.status == 3, "\(report)")
            let drift = report.conditionLines("drift")
            #expect(drift.map(\.container) == [container.name], "\(report)")
            #expect(drift.first?.addresses == [elsewhere, desired], "where it is, then where it should be: \(report)")
            #expect(report.summaryLine == "applied: 0 connected, 1 drifted, 0 problems, 0 in sync", "\(report)")
            #expect(try await fixture.docker.endpoints(ofContainer: container.name) == drifted, "drift must be left alone")

            let dry = try await fixture.reconciler.run("--dry-run")
            #expect(dry.status == 2, "\(dry)")
            #expect(dry.reportLines("drift").map(\.addresses) == [[elsewhere, desired]], "\(dry)")

            let preview = try await fixture.reconciler.run("--dry-run", "--fix-drift")
            #expect(preview.status == 2, "\(preview)")
            #expect(preview.reportLines("reconnect").map(\.addresses) == [[desired, elsewhere]], "\(preview)")
            #expect(try await fixture.docker.endpoints(ofContainer: container.name) == drifted, "a dry run must write nothing")

            let fix = try await fixture.reconciler.run("--fix-drift")
            #expect(fix.status == 0, "\(fix)")
            let reconnected = fix.reportLines("reconnected")
            #expect(reconnected.map(\.container) == [container.name], "\(fix)")
            #expect(reconnected.first?.addresses == [desired, elsewhere], "\(fix)")
            #expect(fix.conditionLines("cleared").map(\.container) == [container.name], "\(fix)")
            let endpoint = try #require(try await fixture.docker.endpoints(ofContainer: container.name)[network.name])
            #expect(endpoint.ipv6 == desired)
            let attachments = try await fixture.docker.attachments(ofNetwork: network.name)
            #expect(attachments.map(\.containerID) == [container.id], "exactly one endpoint on the network: \(attachments)")
            #expect(attachments.first?.ipv6 == desired)

            let quiet = try await fixture.reconciler.run("--fix-drift")
            #expect(quiet.status == 0, "\(quiet)")
            #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet)")
        }
    }

    /// `--fix-drift` disconnects and connects again; an endpoint's `GwPriority` (API 1.48, set with
    /// `docker network connect --gw-priority`) must survive that, or the container's default
    /// gateway, and with it where Docker 28 opens its published ports, could move. The endpoint is
    /// made through the API with priority 5 (Debian's CLI 20.10 has no --gw-priority): Docker 28.5
    /// keeps and reports it, and it must report the same after the repair; Docker 20.10 ignores it
    /// and reports none before and after.
    @Test("--fix-drift keeps the endpoint's gateway priority")
    func fixDriftKeepsGatewayPriority() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let (container, _) = try await fixture.runLabelled(on: network)
            let elsewhere = network.subnet.address(suffix: try HostSuffixOracle.explicit("dead:beef"))
            let api = EngineAPI(host: fixture.environment.dockerHost)
            try await api.post(
                "/networks/\(network.id)/connect",
                #"{"Container":"\#(container.id)","EndpointConfig":{"GwPriority":5,"IPAMConfig":{"IPv6Address":"\#(elsewhere)"}}}"#)
            let before = try await api.gatewayPriority(of: container.id, on: network.name)
            if fixture.environment.engine == "docker-28.5" {
                #expect(before == 5, "Docker 28.5 keeps GwPriority")
            } else {
                #expect(before == nil, "\(fixture.environment.engine) has no GwPriority (Docker 28 added it)")
            }

            let fix = try await fixture.reconciler.run("--fix-drift")
            #expect(fix.status == 0, "\(fix)")
            #expect(fix.reportLines("reconnected").map(\.container) == [container.name], "\(fix)")
            #expect(try await api.gatewayPriority(of: container.id, on: network.name) == before, "\(fix)")
        }
    }
}

/// The engine's API straight over its socket with curl, for what Debian's CLI 20.10 cannot say
/// (newer fields such as `GwPriority`). Unversioned paths: the engine's own latest version.
struct EngineAPI: Sendable {
    /// The engine, `unix:///...`.
    let host: String

    private var socket: String { String(host.dropFirst("unix://".count)) }

    /// POSTs `body` to `path`; throws unless the engine answered 2xx.
    func post(_ path: String, _ body: String) async throws {
        let output = try await ProcessRunner.run(
            "/usr/bin/curl", ["-sS", "-f", "--unix-socket", socket, "-H", "Content-Type: application/json", "-d", body, "http://engine" + path],
            environment: ProcessRunner.environment(), timeout: .seconds(30))
        guard output.status == 0 else { throw DockerCommandError(output: output) }
    }

    /// POSTs `body` to `path` and returns the HTTP status, whatever it is.
    func postStatus(_ path: String, _ body: String) async throws -> Int {
        let output = try await ProcessRunner.run(
            "/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", socket, "-H", "Content-Type: application/json",
                "-d", body, "http://engine" + path],
            environment: ProcessRunner.environment(), timeout: .seconds(30))
        guard output.status == 0, let status = Int(output.stdout) else { throw DockerCommandError(output: output) }
        return status
    }

    /// The container's endpoint's `GwPriority` on `network`, nil when the engine reports none.
    func gatewayPriority(of container: String, on network: String) async throws -> Int? {
        let output = try await ProcessRunner.run(
            "/usr/bin/curl", ["-sS", "-f", "--unix-socket", socket, "http://engine/containers/\(container)/json"],
            environment: ProcessRunner.environment(), timeout: .seconds(30))
        guard output.status == 0 else { throw DockerCommandError(output: output) }
        let inspect = try DockerCLI.jsonObject(output.stdout, what: "inspect of \(container)")
        let settings = inspect["NetworkSettings"] as? [String: Any]
        let endpoint = (settings?["Networks"] as? [String: Any])?[network] as? [String: Any]
        return (endpoint?["GwPriority"] as? NSNumber)?.intValue
    }
}

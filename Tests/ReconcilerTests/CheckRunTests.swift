import DockerEngine
import HostNetwork
import ReconcileCore
import Reconciler
import Testing

/// `--check` against a scripted engine and host: the host's checks and the engine's stand apart,
/// and Podman's broken state is a warning with the command that clears it.
@Suite struct CheckRunTests {
    /// A host with lo and eth0, forwarding on.
    static let host = HostNetworkState(
        interfaces: [HostInterface(index: 1, name: "lo", isLoopback: true), HostInterface(index: 2, name: "eth0", forwarding: 1)],
        allForwarding: 1)

    /// Runs the check (JSON output) and returns its status and checks by id.
    static func check(_ engine: ScriptedEngine, host: Result<HostNetworkState, HostReadError> = .success(host))
        throws -> (status: ReconcileCore.ExitStatus, checks: [(id: String, status: String, message: String, fix: String?)])
    {
        var options = try Options.parse(["--check", "--output", "json"])
        options.lockTimeoutSeconds = 0
        let report = CheckRun(options: options, engine: engine, host: ScriptedHost(answer: host), logger: LogCapture().logger(), confiner: ScriptedConfiner()).run()
        let document = try jsonObject(report.output)
        let checks = try #require(document["checks"] as? [[String: Any]]).map { check in
            (check["id"] as? String ?? "", check["status"] as? String ?? "", check["message"] as? String ?? "", check["fix"] as? String)
        }
        #expect(document["exitStatus"] as? Int == Int(report.status.rawValue))
        return (report.status, checks)
    }

    /// `--check` confines itself to writing nothing, before it reads anything.
    @Test func confinesItselfToWritingNothing() throws {
        var options = try Options.parse(["--check"])
        options.lockTimeoutSeconds = 0
        let confiner = ScriptedConfiner()
        _ = CheckRun(
            options: options, engine: try Scene.web(at: "a").engine(), host: ScriptedHost(answer: .success(Self.host)),
            logger: LogCapture().logger(), confiner: confiner
        ).run()
        #expect(confiner.asked == [FileSystemConfinement(writableDirectories: [])])
    }

    /// The host cannot be read: host.read fails with the reason; the engine's checks still run.
    @Test func hostReadFailure() throws {
        let engine = try Scene.web(at: "a").engine()
        let (status, checks) = try Self.check(engine, host: .failure(HostReadError("cannot open an rtnetlink socket: Permission denied")))
        let read = try #require(checks.first { $0.id == "host.read" })
        #expect(read.status == "fail")
        #expect(read.message == "cannot read the host's network state: cannot open an rtnetlink socket: Permission denied")
        #expect(checks.contains { $0.id.hasPrefix("engine.") })
        #expect(!checks.contains { $0.id.hasPrefix("host.") && $0.id != "host.read" })
        #expect(status == .problems)
        #expect(engine.writes.isEmpty)
    }

    /// The engine unreachable: 69, engine.api fails, and the host's checks are still there.
    @Test func engineUnreachable() throws {
        let engine = ScriptedEngine()
        engine.answer("GET", "/_ping", .timeout)
        let (status, checks) = try Self.check(engine)
        #expect(status == .unavailable)
        let api = try #require(checks.first { $0.id == "engine.api" })
        #expect(api.status == "fail")
        #expect(api.message.hasSuffix("; the network and container checks need the engine and were skipped"))
        #expect(checks.contains { $0.id == "host.forwarding" && $0.status == "ok" }, "\(checks.map(\.id))")
        #expect(engine.lines == ["GET /_ping"])
    }

    /// Podman's network list in the broken state: the check reads Podman's own list and warns,
    /// with the disconnect that clears it as the fix; nothing is written.
    @Test func podmanBrokenStateWarns() throws {
        let engine = try Scene.web(at: "a").engine(podman: "4.3.1")
        engine.answer("GET", "/networks", .error(500, Scene.mismatch("d4d4d4d4d4d4", [("v6net", Scene.prefix + "77")])))
        engine.answer("GET", "/libpod/networks/json", .json(Scene.libpodNetworksJSON))
        let (status, checks) = try Self.check(engine)
        let state = try #require(checks.first { $0.id == "engine.state" })
        #expect(state.status == "warn")
        #expect(state.message == "GET /v1.41/networks failed (network inspection mismatch); the check went on (read Podman's own network list instead)")
        #expect(state.fix?.hasPrefix("Podman kept a half-made endpoint of container d4d4d4d4d4d4") == true, "\(state)")
        #expect(state.fix?.contains("clear it with: docker network disconnect -f v6net d4d4d4d4d4d4 (") == true, "\(state)")
        #expect(status == .problems)
        #expect(engine.writes.isEmpty)
    }
}

import DockerEngine
import ReconcileCore
import Reconciler
import Testing

/// Whole apply runs and dry runs against a scripted engine, with the lock and state files in a
/// temporary directory: exit statuses, the reports, and what the condition journal logs.
@Suite struct ReconcileRunTests {
    /// One run and the status it must end with.
    struct StatusCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let engine: @Sendable () throws -> ScriptedEngine
        var dryRun = false
        let status: ReconcileCore.ExitStatus
    }

    static let statuses: [StatusCase] = [
        // Everything at its address: 0.
        StatusCase(testDescription: "in sync", engine: { try Scene.web(at: "a").engine() }, status: .success),
        // Two connects made: 0.
        StatusCase(testDescription: "connected", engine: { try Scene.fresh.engine() }, status: .success),
        // A dry run that would connect: 2.
        StatusCase(testDescription: "dry run with changes", engine: { try Scene.fresh.engine() }, dryRun: true, status: .pendingChanges),
        // A dry run with nothing to do: 0.
        StatusCase(testDescription: "dry run in sync", engine: { try Scene.web(at: "a").engine() }, dryRun: true, status: .success),
        // An unlabelled holder of web's address: 3.
        StatusCase(testDescription: "problem", engine: {
            var scene = Scene.web(at: nil)
            scene.others = [(Scene.intruder.id, Scene.intruder.name, Scene.prefix + "a")]
            return try scene.engine()
        }, status: .problems),
        // Drift left alone (no --fix-drift): 3.
        StatusCase(testDescription: "drift", engine: { try Scene.web(at: "99").engine() }, status: .problems),
        // The ping times out: 69.
        StatusCase(testDescription: "engine unreachable", engine: {
            let engine = try Scene.fresh.engine()
            engine.answer("GET", "/_ping", .timeout)
            return engine
        }, status: .unavailable),
        // The survey fails (the network list answers 500): 69.
        StatusCase(testDescription: "survey failure", engine: {
            let engine = try Scene.fresh.engine()
            engine.answer("GET", "/networks", .error(500, "boom"))
            return engine
        }, status: .unavailable),
        // The engine goes away on the first connect: 69.
        StatusCase(testDescription: "engine lost mid-run", engine: {
            let engine = try Scene.fresh.engine()
            engine.answer("POST", "/networks/\(Scene.networkID)/connect", .timeout)
            return engine
        }, status: .unavailable),
    ]

    @Test(arguments: statuses)
    func exitStatus(_ row: StatusCase) throws {
        let engine = try row.engine()
        let report = try RunFiles().run(engine) { $0.dryRun = row.dryRun }
        #expect(report.status == row.status, "\(report)")
        if row.dryRun { #expect(engine.writes.isEmpty, "a dry run writes nothing") }
    }

    /// The engine unreachable: one error line naming the ping, nothing on stdout.
    @Test func unreachableIsOneErrorLine() throws {
        let engine = try Scene.fresh.engine()
        engine.answer("GET", "/_ping", .timeout)
        let log = LogCapture()
        let report = try RunFiles().run(engine, log: log)
        #expect(report.output.isEmpty)
        #expect(log.at(.error) == ["GET /_ping on unix:///run/scripted-engine.sock: no complete answer within 10 s (--timeout)"])
        #expect(engine.lines == ["GET /_ping"])
    }

    /// The engine lost mid-run: the applier's one error line, and no condition journalled.
    @Test func engineLostLogsOnceAndJournalsNothing() throws {
        let engine = try Scene.fresh.engine()
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .timeout)
        let log = LogCapture()
        let files = try RunFiles()
        _ = try files.run(engine, log: log)
        #expect(log.at(.error).count == 1)
        #expect(log.at(.warning).isEmpty)
        #expect(files.state == nil)
    }

    /// A run refused before it reaches the engine: its status, and its one error line.
    static func refusedBeforeTheEngine(_ files: RunFiles, _ runtime: RuntimeFiles) throws -> (status: ReconcileCore.ExitStatus, errors: [String]) {
        let engine = try Scene.fresh.engine()
        let log = LogCapture()
        let report = try files.run(engine, files: runtime, log: log)
        #expect(engine.requests.isEmpty, "the lock comes before any request")
        #expect(report.output.isEmpty)
        return (report.status, log.at(.error))
    }

    /// Another holder of the lock (this process, through another descriptor: flock locks belong
    /// to the open file, so the run's own open is refused): 75 at once, no engine request. The
    /// test's descriptor stays open until the test process exits; the lock file is this test's own.
    @Test func lockHeld() throws {
        let files = try RunFiles()
        #expect(try files.files.acquireLock(timeoutSeconds: 0))
        let (status, errors) = try Self.refusedBeforeTheEngine(files, files.files)
        #expect(status == .busy)
        #expect(errors == ["another ipv6-reconcile run held \(files.files.lockPath) for more than 0.0 s; giving up (--lock-timeout)"])
    }

    /// A lock file whose directory cannot be made (one level only is): 73, one line, no request.
    @Test func lockDirectoryNotCreatable() throws {
        let files = try RunFiles()
        let missing = RuntimeFiles(lockFile: files.directory + "/missing/sub/lock", stateFile: files.directory + "/state", environment: [:])
        let (status, errors) = try Self.refusedBeforeTheEngine(files, missing)
        #expect(status == .cannotCreate)
        #expect(errors == ["cannot create \(files.directory)/missing/sub: No such file or directory (run as root, or give --lock-file and --state-file)"])
    }

    /// An apply run confines itself once it holds the lock, writable only where its state file
    /// is, and logs the confiner's line at debug level; a dry run confines itself to writing
    /// nothing; a run refused the lock confines nothing.
    @Test func confinesItselfAfterTheLock() throws {
        let files = try RunFiles()
        let apply = ScriptedConfiner(line: "file system confined (scripted)"), log = LogCapture()
        _ = try files.run(try Scene.fresh.engine(), log: log, confiner: apply) { $0.logLevel = .debug }
        #expect(apply.asked == [FileSystemConfinement(writableDirectories: [files.directory])])
        #expect(log.lines.contains { $0.contains("file system confined (scripted)") }, "\(log.lines)")

        let dry = ScriptedConfiner()
        _ = try files.run(try Scene.fresh.engine(), confiner: dry) { $0.dryRun = true }
        #expect(dry.asked == [FileSystemConfinement(writableDirectories: [])])

        #expect(try files.files.acquireLock(timeoutSeconds: 0))
        let refused = ScriptedConfiner()
        let report = try files.run(try Scene.fresh.engine(), files: files.files, confiner: refused)
        #expect(report.status == .busy && refused.asked.isEmpty)
    }

    /// A dry run neither takes the lock nor touches the state file.
    @Test func dryRunTakesNoLock() throws {
        let files = try RunFiles()
        let missing = RuntimeFiles(lockFile: files.directory + "/missing/sub/lock", stateFile: files.directory + "/missing/sub/state", environment: [:])
        let report = try files.run(try Scene.fresh.engine(), files: missing) { $0.dryRun = true }
        #expect(report.status == .pendingChanges)
    }

    /// The text report of a run that connects two containers: one line each, with the exposure
    /// verdict (v6net has no gateway mode: nat, and Docker 28.5's firewall is on).
    @Test func textReport() throws {
        let report = try RunFiles().run(try Scene.fresh.engine())
        let lines = report.output.split(separator: "\n").map(String.init)
        let connected = lines.filter { $0.hasPrefix("connected") }
        #expect(connected.map { $0.split(separator: "  exposure: ").first.map(String.init) } == [
            "connected    db on v6net at 2001:db8:1:1::b", "connected    web on v6net at 2001:db8:1:1::a",
        ], "\(report.output)")
        #expect(connected.allSatisfy { $0.contains("  exposure: not reachable: network \"v6net\" masquerades IPv6") }, "\(report.output)")
        #expect(report.output.hasSuffix("\n"))
    }

    /// The JSON report of a dry run: mode, exit status, and each pair with its addresses.
    @Test func jsonReport() throws {
        let report = try RunFiles().run(try Scene.web(at: "99").engine()) {
            $0.dryRun = true
            $0.output = .json
        }
        let document = try jsonObject(report.output)
        #expect(document["mode"] as? String == "dry-run")
        #expect(document["exitStatus"] as? Int == Int(report.status.rawValue))
        let pairs = try #require(document["pairs"] as? [[String: Any]])
        #expect(pairs.count == 1)
        #expect(pairs.first?["containerName"] as? String == "web")
        #expect(pairs.first?["desiredAddress"] as? String == "2001:db8:1:1::a")
        #expect(pairs.first?["currentAddress"] as? String == "2001:db8:1:1::99")
        #expect(pairs.first?["status"] as? String == "drift")
    }

    /// A problem is logged at warning level once; the next identical run only at debug level;
    /// its clearing once; and then nothing, with the state file left as it is.
    @Test func problemJournalledOnce() throws {
        let files = try RunFiles()
        var held = Scene.web(at: nil)
        held.others = [(Scene.intruder.id, Scene.intruder.name, Scene.prefix + "a")]

        let first = LogCapture()
        #expect(try files.run(try held.engine(), log: first).status == .problems)
        let warning = try #require(first.at(.warning).first)
        #expect(first.at(.warning).count == 1)
        #expect(warning.hasPrefix("web on v6net: problem: address 2001:db8:1:1::a is already in use by "), "\(warning)")
        #expect(warning.contains("intruder"))
        let recorded = try #require(files.state)

        let second = LogCapture()
        #expect(try files.run(try held.engine(), log: second).status == .problems)
        #expect(second.at(.warning).isEmpty, "\(second.lines)")
        #expect(second.at(.debug).contains { $0.hasPrefix("web on v6net: still problem: ") }, "\(second.lines)")
        #expect(files.state == recorded)

        let third = LogCapture()
        #expect(try files.run(try Scene.web(at: nil).engine(), log: third).status == .success)
        // Cleared once; the connect's exposure verdict (nat behind Docker's firewall) is news too.
        #expect(third.at(.warning).filter { $0.contains("cleared") } == [
            "web on v6net: cleared (was " + String(warning.dropFirst("web on v6net: ".count)) + ")",
        ])
        #expect(third.at(.warning).filter { !$0.contains("cleared") }.map { $0.prefix(33) } == ["web on v6net: not reachable: netw"])
        let cleared = files.state

        let fourth = LogCapture()
        #expect(try files.run(try Scene.web(at: "a").engine(), log: fourth).status == .success)
        #expect(fourth.at(.warning).isEmpty)
        #expect(files.state == cleared)
    }

    /// A Podman broken state the run got around: an info line on every run, the condition logged
    /// at warning level once through the state file.
    @Test func brokenStateJournalledOnce() throws {
        let files = try RunFiles()
        func engine() throws -> ScriptedEngine {
            let engine = try Scene.web(at: "a").engine(podman: "4.3.1")
            engine.answer("GET", "/networks", .error(500, Scene.mismatch("d4d4d4d4d4d4", [("v6net", Scene.prefix + "77")])))
            engine.answer("GET", "/libpod/networks/json", .json(Scene.libpodNetworksJSON))
            return engine
        }
        let first = LogCapture()
        #expect(try files.run(try engine(), log: first).status == .success)
        #expect(first.at(.info).contains { $0.hasPrefix("GET /v1.41/networks failed (network inspection mismatch; Podman kept a half-made endpoint") })
        #expect(first.at(.warning).count == 1)
        #expect(first.at(.warning).first?.hasPrefix("d4d4d4d4d4d4 on v6net: Podman's lists fail (network inspection mismatch)") == true, "\(first.lines)")

        let second = LogCapture()
        #expect(try files.run(try engine(), log: second).status == .success)
        #expect(second.at(.warning).isEmpty, "\(second.lines)")
    }
}

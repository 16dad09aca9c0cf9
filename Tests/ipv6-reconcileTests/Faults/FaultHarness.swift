import Foundation
import Testing

/// A finished run of the tool with its wall time, measured around the process from spawn to
/// exit: the deadline tests assert on it.
struct TimedRun: Sendable, CustomStringConvertible {
    /// What the process left behind.
    let output: ProcessOutput
    /// Wall time from spawn to exit, in seconds.
    let seconds: Double

    /// The exit status.
    var status: Int32 { output.status }
    /// stderr's lines.
    var stderrLines: [String] { output.stderrLines }

    /// The run with its wall time, for failure messages.
    var description: String { "\(output)\n[wall time \(String(format: "%.3f", seconds)) s]" }
}

/// The tool as the fault tests run it: a fresh process per run with its own `--lock-file` and
/// `--state-file` in a directory of the test's own, and `--label-prefix` of the test's own, against
/// whatever socket the test names (the fault proxy or the real engine). Unlike ``Reconciler`` it
/// can keep `JOURNAL_STREAM`, run under a wrapper (`prlimit`, `setpriv`), and time the run.
struct FaultTool: Sendable {
    /// The executable.
    let binary: String
    /// The test's label namespace.
    let labelPrefix: String
    /// Where the lock and state files live.
    let directory: String

    /// The lock file apply runs take.
    var lockFile: String { directory + "/lock" }
    /// The state file apply runs keep.
    var stateFile: String { directory + "/state" }

    /// A tool for `fixture`'s label namespace, with the lock and state files in the fixture's own
    /// runtime directory (removed with the fixture).
    init(_ fixture: EngineFixture) {
        self.init(binary: fixture.environment.binary, labelPrefix: fixture.labelPrefix, directory: fixture.reconciler.runtimeDirectory)
    }

    /// A tool with explicit settings.
    init(binary: String, labelPrefix: String, directory: String) {
        self.binary = binary
        self.labelPrefix = labelPrefix
        self.directory = directory
    }

    /// Runs `ipv6-reconcile --host <host> --label-prefix … --lock-file … --state-file …
    /// --timeout 30 arguments`. The generous `--timeout` comes first, so a `--timeout` in
    /// `arguments` wins (the last one counts): the engine is shared by every test running in
    /// parallel, and a real connect can take seconds on a loaded 2-CPU machine, so only the
    /// deadline tests, which give their own, should ever see a request time out. `journal` sets
    /// `JOURNAL_STREAM` as systemd would (log lines then start with `<N>`).
    func run(
        host: String, _ arguments: [String] = [], journal: Bool = false, timeout: Duration = .seconds(90)
    ) async throws -> TimedRun {
        try await runExactly(
            ["--host", host, "--label-prefix", labelPrefix, "--lock-file", lockFile, "--state-file", stateFile,
             "--timeout", "30"] + arguments,
            journal: journal, timeout: timeout)
    }

    /// Runs the tool with exactly `arguments`, optionally under `wrapper` (a command that execs
    /// its arguments) and with extra `environment`. `DOCKER_HOST` points nowhere unless
    /// `environment` sets it, so a run that ignored `--host` could never reach the machine's engine.
    func runExactly(
        _ arguments: [String], wrapper: [String] = [], environment: [String: String] = [:], journal: Bool = false,
        timeout: Duration = .seconds(90)
    ) async throws -> TimedRun {
        var setting = ["DOCKER_HOST": Reconciler.nowhere, "RUNTIME_DIRECTORY": directory]
        if journal { setting["JOURNAL_STREAM"] = "8:1234" }
        setting.merge(environment) { _, new in new }
        let variables = ProcessRunner.environment(
            removing: ["JOURNAL_STREAM", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"], setting: setting)
        let command = wrapper + [binary] + arguments
        let clock = ContinuousClock()
        let start = clock.now
        let output = try await ProcessRunner.run(
            command[0], Array(command.dropFirst()), environment: variables,
            shownVariables: ["DOCKER_HOST", "JOURNAL_STREAM"] + environment.keys.sorted(), timeout: timeout)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return TimedRun(output: output, seconds: seconds)
    }
}

/// The fatal-error contract: nothing on stdout, exactly one stderr line reading
/// `ipv6-reconcile: error: <operation> on <endpoint>: <cause>`, and `cause` in the cause.
func expectFatalLine(
    _ run: TimedRun, operation: String, endpoint: String, cause: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(run.output.stdout.isEmpty, "a failed observation prints no report: \(run)", sourceLocation: sourceLocation)
    #expect(run.stderrLines.count == 1, "exactly one stderr line: \(run)", sourceLocation: sourceLocation)
    let prefix = "ipv6-reconcile: error: \(operation) on \(endpoint): "
    let line = run.stderrLines.first ?? ""
    #expect(line.hasPrefix(prefix), "the line must start \(prefix): \(run)", sourceLocation: sourceLocation)
    #expect(line.dropFirst(prefix.count).contains(cause), "the cause must say \(cause): \(run)", sourceLocation: sourceLocation)
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held. For
/// what a proxy thread records just after the tool has gone.
func eventually(within seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

/// A network with labelled containers, and the addresses the tool must give them (computed by
/// the independent oracle): the common setup of the fault tests.
struct FaultScene: Sendable {
    /// The network the labels name.
    let network: TestNetwork
    /// The labelled containers, sorted by name (the tool's write order).
    let containers: [TestContainer]
    /// Each container's desired address, by name.
    let addresses: [String: IPv6Value]

    /// Creates a network and `roles.count` labelled containers on `fixture`'s engine.
    static func make(_ fixture: EngineFixture, roles: [String] = ["a", "b"]) async throws -> FaultScene {
        let network = try await fixture.createNetwork("net")
        var containers: [TestContainer] = []
        var addresses: [String: IPv6Value] = [:]
        for role in roles {
            let (container, desired) = try await fixture.runLabelled(role, on: network)
            containers.append(container)
            addresses[container.name] = desired
        }
        return FaultScene(network: network, containers: containers.sorted { $0.name < $1.name }, addresses: addresses)
    }

    /// The containers attached to the network, by name, with their IPv6 addresses, as the engine
    /// itself reports them.
    func attached(_ fixture: EngineFixture) async throws -> [String: IPv6Value?] {
        var result: [String: IPv6Value?] = [:]
        for attachment in try await fixture.docker.attachments(ofNetwork: network.name) {
            result[attachment.name] = attachment.ipv6
        }
        return result
    }

    /// Every container at its desired address, and nothing else attached.
    var converged: [String: IPv6Value?] {
        Dictionary(uniqueKeysWithValues: containers.map { ($0.name, addresses[$0.name]) })
    }
}

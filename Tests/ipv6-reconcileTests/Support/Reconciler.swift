import Foundation

/// The executable under test, run as an operator would: a fresh process per run, with `--host`
/// naming the private engine and, unless a test needs the default, its own `--label-prefix`.
/// Apply runs take a lock and keep a state file in their runtime directory (`$RUNTIME_DIRECTORY`,
/// else /run/ipv6-reconcile): each test gives the tool a directory of its own, so that tests never
/// touch the machine's /run, never wait for each other's lock, and each starts with no memory of
/// problems already logged.
struct Reconciler: Sendable {
    /// The built `ipv6-reconcile`.
    let binary: String
    /// The private engine.
    let host: String
    /// The label namespace passed with `--label-prefix`; nil runs with the default `ipv6.mapper`.
    let labelPrefix: String?
    /// Given to the tool as `RUNTIME_DIRECTORY`: where its lock and state files go.
    let runtimeDirectory: String

    /// An address no engine listens on. The tool's DOCKER_HOST is set to it so that, should the
    /// tool ever ignore `--host`, it fails (exit 69) instead of reaching the machine's own engine
    /// at /var/run/docker.sock.
    static let nowhere = "unix:///nonexistent/ipv6-reconcile-test-ignored-host.sock"

    /// Runs `ipv6-reconcile --host <host> [--label-prefix <prefix>] arguments...`.
    func run(_ arguments: String...) async throws -> ProcessOutput {
        try await run(arguments)
    }

    /// The array form of ``run(_:)-(String...)``.
    func run(_ arguments: [String]) async throws -> ProcessOutput {
        var full = ["--host", host]
        if let labelPrefix { full += ["--label-prefix", labelPrefix] }
        return try await runExactly(full + arguments)
    }

    /// Runs `ipv6-reconcile --host <host> [--label-prefix <prefix>] arguments...` inside the
    /// network namespace `netns` (`/proc/PID/ns/net`), as an admin's run on the host would be.
    func run(inNamespace netns: String, _ arguments: [String]) async throws -> ProcessOutput {
        var full = ["--host", host]
        if let labelPrefix { full += ["--label-prefix", labelPrefix] }
        return try await runExactly(full + arguments, prefix: ["/usr/bin/nsenter", "--net=\(netns)"])
    }

    /// Runs the tool with exactly `arguments` (under `prefix`, a namespace-entering command,
    /// when given): for the command-line and unreachable-engine tests.
    func runExactly(_ arguments: [String], prefix: [String] = []) async throws -> ProcessOutput {
        // JOURNAL_STREAM would switch the log format to journal priorities; the tests read the
        // plain one, whatever shell (or systemd unit) they were started from.
        let environment = ProcessRunner.environment(
            removing: ["JOURNAL_STREAM", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"],
            setting: ["DOCKER_HOST": Self.nowhere, "RUNTIME_DIRECTORY": runtimeDirectory])
        let command = prefix + [binary] + arguments
        return try await ProcessRunner.run(
            command[0], Array(command.dropFirst()), environment: environment, shownVariables: ["RUNTIME_DIRECTORY"], timeout: .seconds(60))
    }
}

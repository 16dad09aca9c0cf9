import Foundation

/// Debian's docker client, pointed at the private engine and nothing else. The tests build their
/// fixtures and check the engine's real state with it, independently of the tool under test.
struct DockerCLI: Sendable {
    /// Debian's client (20.10, API 1.41), named by path: another `docker` earlier in PATH (a newer
    /// client on dev machines) must not be picked up.
    static let executable = "/usr/bin/docker"

    /// The private engine, passed with `-H` on every command.
    let host: String

    /// Variables that could send the client to another engine than `-H` says; dropped for every
    /// command, so the machine's own engine is never reached by accident.
    static let redirectingVariables = ["DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"]

    /// Runs `docker -H <host> arguments...` and returns what it did, whatever its status.
    func run(_ arguments: [String]) async throws -> ProcessOutput {
        try await ProcessRunner.run(
            Self.executable, ["-H", host] + arguments,
            environment: ProcessRunner.environment(removing: Self.redirectingVariables))
    }

    /// Runs a command that must succeed (a fixture step, an inspect) and returns its stdout
    /// without the trailing newline; a failure throws with the whole output, so the test stops at
    /// the step that went wrong rather than at a confusing assertion later.
    @discardableResult
    func check(_ arguments: String...) async throws -> String {
        try await check(arguments)
    }

    /// The array form of ``check(_:)-(String...)``.
    @discardableResult
    func check(_ arguments: [String]) async throws -> String {
        let output = try await run(arguments)
        guard output.status == 0 else { throw DockerCommandError(output: output) }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A docker command that had to succeed failed.
struct DockerCommandError: Error, CustomStringConvertible {
    /// What the command did.
    let output: ProcessOutput

    /// The command with its status and streams.
    var description: String { "docker command failed:\n\(output)" }
}

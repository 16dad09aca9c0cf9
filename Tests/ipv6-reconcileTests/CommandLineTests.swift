import Foundation
import Testing

/// The failures that happen before any reconciling: an engine that is not there (69) and a bad
/// command line (64). Each must say so in exactly one stderr line, and print no report.
@Suite("Command line and engine failures", .needsEngine)
struct CommandLineTests {
    /// A socket path that does not exist: exit 69 and one stderr line naming it.
    @Test("unreachable engine: exit 69, one stderr line naming the socket")
    func unreachableEngine() async throws {
        let environment = try TestEnvironment.load()
        let socket = "/tmp/nonexistent.sock"
        try #require(!FileManager.default.fileExists(atPath: socket), "\(socket) exists; this test needs it absent")
        let runtimeDirectory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(runtimeDirectory) }
        let tool = Reconciler(
            binary: environment.binary, host: environment.dockerHost, labelPrefix: nil, runtimeDirectory: runtimeDirectory)

        let run = try await tool.runExactly(["--host", "unix://" + socket])
        #expect(run.status == 69, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(run.stderrLines.count == 1, "\(run)")
        #expect(run.stderr.contains(socket), "\(run)")
    }

    /// An unknown option: exit 64 and one stderr line naming it, before the engine is contacted.
    @Test("usage error: exit 64, one stderr line")
    func unknownOption() async throws {
        let environment = try TestEnvironment.load()
        let runtimeDirectory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(runtimeDirectory) }
        let tool = Reconciler(
            binary: environment.binary, host: environment.dockerHost, labelPrefix: nil, runtimeDirectory: runtimeDirectory)

        let run = try await tool.runExactly(["--bogus"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(run.stderrLines.count == 1, "\(run)")
        #expect(run.stderr.contains("--bogus"), "\(run)")
    }
}

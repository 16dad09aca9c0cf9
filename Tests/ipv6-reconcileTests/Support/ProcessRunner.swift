import Foundation
import Glibc

/// What a child process left behind once it exited.
struct ProcessOutput: Sendable, CustomStringConvertible {
    /// The command line as run, for failure messages.
    let commandLine: String
    /// The exit status.
    let status: Int32
    /// Everything written to stdout.
    let stdout: String
    /// Everything written to stderr.
    let stderr: String

    /// stdout split into lines, without the final newline's empty remainder, so that "printed
    /// nothing" is `[]` and every line the tool printed is one element.
    var lines: [String] { Self.lines(of: stdout) }
    /// stderr split into lines the same way.
    var stderrLines: [String] { Self.lines(of: stderr) }

    /// A block a failed expectation can show: the command, its status and both streams.
    var description: String {
        "$ \(commandLine)\n[exit status \(status)]\n--- stdout\n\(stdout)--- stderr\n\(stderr)---"
    }

    private static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// A child process did not end normally; the tests treat that as a failure of the step.
struct ProcessRunnerError: Error, CustomStringConvertible {
    /// What happened, with the command line.
    let description: String
}

/// Runs a child process to completion with captured stdout and stderr and a deadline. Output goes
/// to temporary files rather than pipes, so that a chatty child can never block on a full pipe
/// that nobody reads; the deadline kills (only) that child, so that a hung tool or engine fails
/// one test instead of hanging the suite.
enum ProcessRunner {
    /// Runs `executable` with `arguments` and exactly `environment`, feeding `input` on stdin
    /// (empty when nil), and returns once it has exited. `shownVariables` are written before the
    /// command in messages, so that a failure shows a command line that can be pasted as is.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String],
        input: Data? = nil, shownVariables: [String] = [], timeout: Duration = .seconds(60)
    ) async throws -> ProcessOutput {
        let assignments = shownVariables.compactMap { name in environment[name].map { "\(name)=\(shellQuoted($0))" } }
        let commandLine = (assignments + ([executable] + arguments).map(shellQuoted)).joined(separator: " ")
        let files = FileManager.default
        let scratch = files.temporaryDirectory.appendingPathComponent("v6r-test-\(UUID().uuidString)")
        try files.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        let stdinURL = scratch.appendingPathComponent("stdin")
        for url in [stdoutURL, stderrURL] { _ = files.createFile(atPath: url.path, contents: nil) }
        _ = files.createFile(atPath: stdinURL.path, contents: input ?? Data())

        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        let stdinHandle = try FileHandle(forReadingFrom: stdinURL)
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
            try? stdinHandle.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        process.standardInput = stdinHandle
        let exit = ExitWaiter()
        process.terminationHandler = { finished in
            exit.finish(status: finished.terminationStatus, bySignal: finished.terminationReason == .uncaughtSignal)
        }
        do {
            try process.run()
        } catch {
            throw ProcessRunnerError(description: "could not start \(commandLine): \(error)")
        }
        exit.started(pid: process.processIdentifier)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            exit.killIfRunning()
        }
        let (status, bySignal) = await exit.wait()
        watchdog.cancel()

        let stdout = String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self)
        if exit.timedOut {
            throw ProcessRunnerError(description: "\(commandLine) did not finish within \(timeout) and was killed; stdout: \(stdout) stderr: \(stderr)")
        }
        if bySignal {
            throw ProcessRunnerError(description: "\(commandLine) was killed by signal \(status); stdout: \(stdout) stderr: \(stderr)")
        }
        return ProcessOutput(commandLine: commandLine, status: status, stdout: stdout, stderr: stderr)
    }

    /// The environment children get: ours, minus `removing`, plus `setting`.
    static func environment(removing: [String] = [], setting: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in removing { environment.removeValue(forKey: name) }
        environment.merge(setting) { _, new in new }
        return environment
    }

    /// Quotes an argument for display the way a shell would need it.
    static func shellQuoted(_ argument: String) -> String {
        let plain = !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+%".contains($0) }
        return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Bridges Foundation's termination callback to `await`, and lets the deadline kill the child by
/// its own pid only while it is known to be running (never a recycled pid).
private final class ExitWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t = 0
    private var result: (status: Int32, bySignal: Bool)?
    private var continuation: CheckedContinuation<(Int32, Bool), Never>?
    private var killed = false

    /// Whether the deadline killed the child.
    var timedOut: Bool { lock.withLock { killed } }

    /// Records the child's pid once it runs.
    func started(pid: pid_t) { lock.withLock { self.pid = pid } }

    /// Called from the termination handler: records the status and wakes the waiter, if any.
    func finish(status: Int32, bySignal: Bool) {
        let waiting: CheckedContinuation<(Int32, Bool), Never>? = lock.withLock {
            result = (status, bySignal)
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: (status, bySignal))
    }

    /// Returns the exit status (and whether it was a signal) once the child has exited.
    func wait() async -> (Int32, Bool) {
        await withCheckedContinuation { (waiting: CheckedContinuation<(Int32, Bool), Never>) in
            let done: (status: Int32, bySignal: Bool)? = lock.withLock {
                if result == nil { continuation = waiting }
                return result
            }
            if let done { waiting.resume(returning: (done.status, done.bySignal)) }
        }
    }

    /// The deadline passed: SIGKILL the child, only if it has not exited yet.
    func killIfRunning() {
        lock.withLock {
            guard result == nil, pid > 0 else { return }
            killed = true
            _ = kill(pid, SIGKILL)
        }
    }
}

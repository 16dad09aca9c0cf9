import ReconcileCore
import SystemCalls

/// Writes log lines to a sink, stderr by default. Under systemd (`JOURNAL_STREAM` set) each line
/// starts with its syslog priority (`<4>`) so the journal files it at the right level; elsewhere
/// it reads `ipv6-reconcile: warning: ...`.
public struct Logger {
    /// The least severe level written.
    public let threshold: LogLevel
    /// Whether stderr goes to the journal.
    public let journal: Bool
    /// Where each finished line goes.
    let sink: (String) -> Void

    /// A logger writing to `sink` (stderr unless given).
    public init(threshold: LogLevel, journal: Bool, sink: @escaping (String) -> Void = Output.standardError) {
        self.threshold = threshold
        self.journal = journal
        self.sink = sink
    }

    /// Logs `message` at `level` if the threshold lets it through.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard level <= threshold else { return }
        // One line per entry, whatever the message holds.
        let text = message().split(whereSeparator: \.isNewline).joined(separator: " ")
        sink(journal ? "<\(level.rawValue)>\(text)\n" : "ipv6-reconcile: \(level.name): \(text)\n")
    }

    /// Logs a line the core made.
    public func log(_ line: LogLine) { log(line.level, line.text) }
    /// Logs at error level.
    public func error(_ message: @autoclosure () -> String) { log(.error, message()) }
    /// Logs at warning level.
    public func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
    /// Logs at info level.
    public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    /// Logs at debug level.
    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
}

/// The process's stdout and stderr. A closed one (EPIPE) just stops the writing: there is
/// nowhere to report it.
public enum Output {
    /// Writes all of `text` to stdout.
    public static func standardOutput(_ text: String) { try? Syscalls.writeAll(text.utf8, to: Syscalls.standardOutput) }
    /// Writes all of `text` to stderr.
    public static func standardError(_ text: String) { try? Syscalls.writeAll(text.utf8, to: Syscalls.standardError) }
}

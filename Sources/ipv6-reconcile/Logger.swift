#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Log severities, with their syslog priorities.
enum LogLevel: Int32, Comparable {
    /// LOG_ERR.
    case error = 3
    /// LOG_WARNING.
    case warning = 4
    /// LOG_INFO.
    case info = 6
    /// LOG_DEBUG.
    case debug = 7

    /// Parses a `--log-level` value.
    init?(name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warning", "warn": self = .warning
        case "info": self = .info
        case "debug": self = .debug
        default: return nil
        }
    }

    /// The level's name in plain output.
    var name: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "info"
        case .debug: "debug"
        }
    }

    /// More severe levels sort first, as syslog numbers them.
    static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Writes log lines to stderr. Under systemd (`JOURNAL_STREAM` set) each line starts with its
/// syslog priority (`<4>`) so the journal files it at the right level; elsewhere it reads
/// `ipv6-reconcile: warning: ...`.
struct Logger {
    /// The least severe level written.
    let threshold: LogLevel
    /// Whether stderr goes to the journal.
    let journal: Bool

    /// Logs `message` at `level` if the threshold lets it through.
    func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard level <= threshold else { return }
        // One line per entry, whatever the message holds.
        let text = message().split(whereSeparator: \.isNewline).joined(separator: " ")
        let line = journal ? "<\(level.rawValue)>\(text)\n" : "ipv6-reconcile: \(level.name): \(text)\n"
        writeStandardError(line)
    }

    /// Logs at error level.
    func error(_ message: @autoclosure () -> String) { log(.error, message()) }
    /// Logs at warning level.
    func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
    /// Logs at info level.
    func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    /// Logs at debug level.
    func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
}

/// Writes all of `text` to stderr, retrying on EINTR and short writes.
func writeStandardError(_ text: String) { writeAll(text, to: STDERR_FILENO) }

/// Writes all of `text` to stdout.
func writeStandardOutput(_ text: String) { writeAll(text, to: STDOUT_FILENO) }

/// A closed stdout or stderr (EPIPE) just stops the writing: there is nowhere to report it.
private func writeAll(_ text: String, to fd: Int32) {
    FileDescriptors.writeAll(text.utf8, to: fd)
}

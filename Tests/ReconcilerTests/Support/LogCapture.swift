import Reconciler
import ReconcileCore
import Synchronization

/// The lines a `Logger` wrote, for tests: `logger` writes into it.
final class LogCapture: Sendable {
    private let written = Mutex<[String]>([])

    /// A logger (not journal-formatted) down to `threshold`, writing here.
    func logger(_ threshold: LogLevel = .debug) -> Logger {
        Logger(threshold: threshold, journal: false) { line in self.written.withLock { $0.append(line) } }
    }

    /// Every line as written, without its newline: `ipv6-reconcile: warning: ...`.
    var lines: [String] { written.withLock { $0 }.map { String($0.dropLast()) } }

    /// The texts of the lines at `level`, without the prefix.
    func at(_ level: LogLevel) -> [String] {
        let prefix = "ipv6-reconcile: \(level.name): "
        return lines.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}

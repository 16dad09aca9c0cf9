/// Log severities, with their syslog priorities.
public enum LogLevel: Int32, Comparable, Sendable {
    /// LOG_ERR.
    case error = 3
    /// LOG_WARNING.
    case warning = 4
    /// LOG_INFO.
    case info = 6
    /// LOG_DEBUG.
    case debug = 7

    /// Parses a `--log-level` value.
    public init?(name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warning", "warn": self = .warning
        case "info": self = .info
        case "debug": self = .debug
        default: return nil
        }
    }

    /// The level's name in plain output.
    public var name: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "info"
        case .debug: "debug"
        }
    }

    /// More severe levels sort first, as syslog numbers them.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One line to log, at its level.
public struct LogLine: Hashable, Sendable {
    /// The severity.
    public var level: LogLevel
    /// The text, one line.
    public var text: String

    /// Builds a line.
    public init(_ level: LogLevel, _ text: String) {
        self.level = level
        self.text = text
    }
}

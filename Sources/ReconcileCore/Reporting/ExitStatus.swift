/// The process exit statuses, documented in `--help` and the README. Values follow sysexits(3)
/// where one fits, so that scripts and systemd can tell the cases apart.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything was in sync, or the run converged it.
    case success = 0
    /// Dry run: there are changes to make.
    case pendingChanges = 2
    /// Some pairs have problems or drift left alone; the rest were applied. For `--check`: a
    /// check is `warn` or `fail`.
    case problems = 3
    /// Bad command line (EX_USAGE).
    case usage = 64
    /// The engine is unreachable, answered garbage, or speaks an unsupported API version (EX_UNAVAILABLE).
    case unavailable = 69
    /// The lock file could not be created or opened (EX_CANTCREAT). A state file that cannot be
    /// written is only a warning: the run did its job, and only the once-only logging suffers.
    case cannotCreate = 73
    /// Another run holds the lock and did not let go in time (EX_TEMPFAIL).
    case busy = 75

    /// A short description for `--help`.
    public var meaning: String {
        switch self {
        case .success: "in sync, or converged by this run; --check: nothing is warn or fail"
        case .pendingChanges: "dry run found changes to make"
        case .problems: "some containers have problems or drift left alone (the rest were applied); --check: a check is warn or fail"
        case .usage: "usage error: unknown option or bad value"
        case .unavailable: "engine unreachable, timed out, answered garbage, or API version unsupported"
        case .cannotCreate: "cannot create or open the lock file"
        case .busy: "another run held the lock longer than --lock-timeout"
        }
    }
}

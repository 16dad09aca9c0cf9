/// One finding of `ipv6-reconcile --check`: a stable id, how bad it is, what it is about, one line
/// saying what was found, and (unless it is `ok`) the exact fix.
public struct ReadinessCheck: Hashable, Sendable {
    /// A stable identifier, e.g. `host.forwarding`, that scripts may match on.
    public var id: String
    /// How bad it is.
    public var status: CheckStatus
    /// What it is about.
    public var subject: CheckSubject
    /// One line saying what was found.
    public var message: String
    /// The command to run, or the label or network option to set; nil only for `ok`.
    public var fix: String?

    /// Builds a check.
    public init(id: String, status: CheckStatus, subject: CheckSubject, message: String, fix: String? = nil) {
        self.id = id
        self.status = status
        self.subject = subject
        self.message = message
        self.fix = fix
    }
}

/// How bad a finding is, in increasing order.
public enum CheckStatus: String, Hashable, Sendable, CaseIterable, Comparable {
    /// As it should be.
    case ok
    /// Worth knowing; nothing is wrong that the host can show (a routed prefix, an unknown verdict).
    case info
    /// Something works now but will break, or is left half done.
    case warn
    /// A step is missing: containers will not answer at their addresses until it is fixed.
    case fail

    /// Orders by severity.
    public static func < (lhs: CheckStatus, rhs: CheckStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a check is about. The text report groups checks by subject, in the order of `Kind`.
public struct CheckSubject: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of subject, in report order.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Comparable {
        /// The host's network namespace as a whole.
        case host
        /// One of the host's network interfaces.
        case interface
        /// The container engine.
        case engine
        /// A network that a label names.
        case network
        /// A labelled container.
        case container

        /// Orders by report order.
        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// What kind of thing.
    public var kind: Kind
    /// Its name; nil for the host and the engine, which are one each.
    public var name: String?

    /// Builds a subject.
    public init(_ kind: Kind, _ name: String? = nil) {
        self.kind = kind
        self.name = name
    }

    /// The host.
    public static let host = CheckSubject(.host)
    /// The engine.
    public static let engine = CheckSubject(.engine)

    /// `host`, `network "web6"`.
    public var description: String {
        guard let name else { return kind.rawValue }
        return "\(kind.rawValue) \(quoted(name))"
    }
}

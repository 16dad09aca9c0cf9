/// What an apply run logs of its conditions, and what it writes back to the state file: the
/// previous state text and this run's outcome in, the lines to log and the new text out. The
/// file I/O is the caller's. Each condition is logged at warning level when it appears, changes
/// or clears, and at debug level while it persists.
public struct ConditionJournal: Hashable, Sendable {
    /// The state file as the run found it.
    public enum PreviousState: Hashable, Sendable {
        /// There is none yet.
        case missing
        /// Its text.
        case text(String)
        /// It exists but could not be read: the one-line reason.
        case unreadable(String)
    }

    /// The lines to log, in order.
    public var lines: [LogLine]
    /// The text to write to the state file; nil when it stays as it is (an unchanged file is
    /// not rewritten: the timer runs every 5 seconds).
    public var newText: String?
    /// Whether anything was logged at warning level about a condition.
    public var isNews: Bool

    /// The journal of a run whose conditions are `outcome`'s, in `scope`, plus `extra` (the
    /// engine's own broken states the run got around), against `previous`, the state file at
    /// `stateFile`.
    public init(previous: PreviousState, stateFile: String, outcome: RunOutcome, scope: String, extra: [Condition] = []) {
        var lines: [LogLine] = []
        var previousText: String?
        var recorded: [Condition]?
        switch previous {
        case .missing:
            recorded = []
            lines.append(LogLine(.debug, "no state file at \(stateFile) yet; it is created when there is something to remember"))
        case .text(let text):
            previousText = text
            recorded = ConditionState.decode(text)
            if recorded == nil {
                lines.append(LogLine(.warning, "state file \(stateFile) is corrupt; logging every problem as new and rewriting it"))
            }
        case .unreadable(let reason):
            lines.append(LogLine(.warning, "\(reason); logging every problem as new and rewriting it"))
        }
        let previousConditions = recorded.map { ConditionState.conditions(in: $0, scope: scope) }
        let conditions = Condition.all(in: outcome, scope: scope, previous: previousConditions) + extra.map { condition in
            var scoped = condition
            scoped.scope = scope
            return scoped
        }
        let changes = ConditionChanges(previous: previousConditions, current: conditions)
        for condition in changes.appeared + changes.changed {
            lines.append(LogLine(.warning, "\(condition.containerName) on \(condition.network): \(condition.text)"))
        }
        for condition in changes.cleared {
            lines.append(LogLine(.warning, "\(condition.containerName) on \(condition.network): cleared (was \(condition.text))"))
        }
        for condition in changes.persisting {
            lines.append(LogLine(.debug, "\(condition.containerName) on \(condition.network): still \(condition.text)"))
        }
        let text = ConditionState.encode(ConditionState.replacing(scope: scope, in: recorded ?? [], with: conditions))
        let unchanged = text == previousText || (previousText == nil && conditions.isEmpty)
        self.lines = lines
        self.newText = unchanged ? nil : text
        self.isNews = changes.isNews
    }
}

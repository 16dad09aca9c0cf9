/// A lasting condition of one pair that an apply run reports: a problem, or drift left alone.
/// Conditions are what could flood the journal (the timer runs 17,000 times a day), so each is
/// logged at warning level when it appears, changes or clears, and at debug level in between.
public struct Condition: Hashable, Sendable {
    /// Which runs this condition belongs to: the engine and label namespace they observe. Runs of
    /// another scope that share the state file neither see nor clear it (they could not tell
    /// whether it still holds, since they do not observe it).
    public var scope: String
    /// Identifies the pair within its scope: container ID and network.
    public var key: String
    /// The container's name, for messages.
    public var containerName: String
    /// The network's name or reference, for messages.
    public var network: String
    /// The one-line description; a different text is a changed condition.
    public var text: String

    /// Builds a condition.
    public init(scope: String = "", key: String, containerName: String, network: String, text: String) {
        self.scope = scope
        self.key = key
        self.containerName = containerName
        self.network = network
        self.text = text
    }

    /// The conditions of a run's outcome, in `scope`: problems, drift left alone, and addresses
    /// that are not reachable. A run that did not evaluate exposure (a no-op apply run does not
    /// ask the engine) cannot tell whether an unreachable verdict still holds, so it keeps those of
    /// `previous` for the pairs it still has: otherwise every such run would log them as cleared.
    public static func all(in outcome: RunOutcome, scope: String = "", previous: [Condition]? = nil) -> [Condition] {
        var conditions: [Condition] = []
        let previousByKey = Dictionary((previous ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for pair in outcome.pairs {
            let entry = pair.entry
            let key = PlanEntryKey(entry)
            let pairKey = key.containerID + "/" + key.network
            func condition(_ key: String, _ text: String) -> Condition {
                Condition(scope: scope, key: key, containerName: entry.containerName, network: entry.network, text: text)
            }
            switch pair.status {
            case .problem: conditions.append(condition(pairKey, "problem: " + (pair.problem?.description ?? "unknown")))
            case .drift:
                let current = entry.current.map(String.init(describing:)) ?? "no IPv6 address"
                conditions.append(condition(pairKey,
                    "drift: at \(current), wants \(entry.desired.map(String.init(describing:)) ?? "-") (left alone; --fix-drift repairs it)"))
            default: break
            }
            guard pair.status != .problem else { continue }
            let exposureKey = pairKey + exposureKeySuffix
            if outcome.exposureEvaluated {
                if case .notReachable = pair.exposure, let verdict = pair.exposure {
                    conditions.append(condition(exposureKey, verdict.summary))
                }
            } else if let kept = previousByKey[exposureKey] {
                conditions.append(kept)
            }
        }
        return conditions + (outcome.proxyNeighbours?.conditions(scope: scope) ?? [])
    }

    /// What an exposure condition's key adds to its pair's key: a pair can be drifted and
    /// unreachable at once, and each is logged and cleared on its own.
    public static let exposureKeySuffix = "/exposure"
}

/// How this run's conditions compare with those the previous run recorded.
public struct ConditionChanges: Hashable, Sendable {
    /// New since the last run: logged at warning level.
    public var appeared: [Condition] = []
    /// Same pair, different text: logged at warning level.
    public var changed: [Condition] = []
    /// Unchanged: logged at debug level only.
    public var persisting: [Condition] = []
    /// Gone since the last run: logged at warning level once.
    public var cleared: [Condition] = []

    /// Compares `current` with `previous` (nil when nothing is known: everything is new). Both
    /// must be of one scope (see ``ConditionState/conditions(in:scope:)``).
    ///
    /// A recreated container (`docker compose up --force-recreate`) has a new ID but the same name:
    /// its condition on the same network is the old one carried over, not one cleared and another
    /// appeared (two warnings, one saying "cleared", for what did not change at all).
    public init(previous: [Condition]?, current: [Condition]) {
        var unmatched = previous ?? []
        var matched: [(old: Condition, new: Condition)] = []
        var fresh: [Condition] = []
        for condition in current {
            if let index = unmatched.firstIndex(where: { $0.key == condition.key }) {
                matched.append((unmatched.remove(at: index), condition))
            } else {
                fresh.append(condition)
            }
        }
        for condition in fresh {
            if let index = unmatched.firstIndex(where: { Self.sameSlot($0, condition) }) {
                matched.append((unmatched.remove(at: index), condition))
            } else {
                appeared.append(condition)
            }
        }
        for (old, new) in matched {
            if old.text == new.text { persisting.append(new) } else { changed.append(new) }
        }
        cleared = unmatched
    }

    /// The same container name, network and kind of condition (exposure or not), under another
    /// container ID.
    private static func sameSlot(_ a: Condition, _ b: Condition) -> Bool {
        a.containerName == b.containerName && a.network == b.network
            && a.key.hasSuffix(Condition.exposureKeySuffix) == b.key.hasSuffix(Condition.exposureKeySuffix)
    }

    /// Whether anything is worth a line at warning level.
    public var isNews: Bool { !appeared.isEmpty || !changed.isEmpty || !cleared.isEmpty }
}

/// The state file's format: what the last apply run saw, so the next can tell new from old.
/// Text, versioned, one condition per line with tab-separated, escaped fields: scope, key,
/// container name, network, text. One file serves every scope (engine and label namespace) whose
/// runs share it; each run replaces only its own scope's lines.
public enum ConditionState {
    /// The first line of every state file.
    public static let header = "ipv6-reconcile state 2"

    /// The file's contents for `conditions`.
    public static func encode(_ conditions: [Condition]) -> String {
        var text = header + "\n"
        for condition in conditions.sorted(by: { ($0.scope, $0.key) < ($1.scope, $1.key) }) {
            text += [condition.scope, condition.key, condition.containerName, condition.network, condition.text]
                .map(escape).joined(separator: "\t") + "\n"
        }
        return text
    }

    /// The conditions of `scope` among `all`.
    public static func conditions(in all: [Condition], scope: String) -> [Condition] {
        all.filter { $0.scope == scope }
    }

    /// `all` with the conditions of `scope` replaced by `current`: what the run of that scope
    /// writes back, leaving other scopes' lines as they were.
    public static func replacing(scope: String, in all: [Condition], with current: [Condition]) -> [Condition] {
        all.filter { $0.scope != scope } + current
    }

    /// The conditions in `text`, or nil when it is not a state file of this version (corrupt,
    /// truncated, or written by something else): the caller then treats everything as new.
    public static func decode(_ text: String) -> [Condition]? {
        guard text.hasSuffix("\n") else { return nil }  // a write cut short
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.first == Substring(header) else { return nil }
        lines = lines.dropFirst()
        var conditions: [Condition] = []
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 5 else { return nil }
            var values: [String] = []
            for field in fields {
                guard let value = unescape(field) else { return nil }
                values.append(value)
            }
            conditions.append(Condition(
                scope: values[0], key: values[1], containerName: values[2], network: values[3], text: values[4]))
        }
        return conditions
    }

    private static func escape(_ field: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character and would slip past a "\n" case.
        var result = ""
        for scalar in field.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func unescape(_ field: Substring) -> String? {
        var result = ""
        var escaping = false
        for character in field.unicodeScalars {
            if escaping {
                switch character {
                case "\\": result += "\\"
                case "t": result += "\t"
                case "n": result += "\n"
                case "r": result += "\r"
                default: return nil
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.unicodeScalars.append(character)
            }
        }
        return escaping ? nil : result
    }
}

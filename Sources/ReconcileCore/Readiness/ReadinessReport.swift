/// The report of `--check`: its checks, the text and JSON renderings, and the exit status.
public struct ReadinessReport: Hashable, Sendable {
    /// The checks, in the order they were made.
    public var checks: [ReadinessCheck]

    /// Wraps the checks.
    public init(checks: [ReadinessCheck]) {
        self.checks = checks
    }

    /// 0 when nothing is `warn` or `fail`, else 3 (the shell says 69 when the engine was out of reach).
    public var exitStatus: ExitStatus {
        checks.contains { $0.status >= .warn } ? .problems : .success
    }

    /// How many checks have `status`.
    public func count(_ status: CheckStatus) -> Int {
        checks.count { $0.status == status }
    }

    /// The checks grouped by subject: host, interfaces, engine, networks, containers, each group
    /// in the order its subject first appeared.
    public var groups: [(subject: CheckSubject, checks: [ReadinessCheck])] {
        var order: [CheckSubject] = []
        var bySubject: [CheckSubject: [ReadinessCheck]] = [:]
        for check in checks {
            if bySubject[check.subject] == nil { order.append(check.subject) }
            bySubject[check.subject, default: []].append(check)
        }
        let kinds = CheckSubject.Kind.allCases
        let sorted = order.enumerated().sorted { left, right in
            let (l, r) = (kinds.firstIndex(of: left.element.kind)!, kinds.firstIndex(of: right.element.kind)!)
            return l != r ? l < r : left.offset < right.offset
        }
        return sorted.map { ($0.element, bySubject[$0.element]!) }
    }

    /// The text report: a `SUBJECT:` line per subject with something to show, then one line per
    /// check (`  fail host.forwarding: MESSAGE; fix: FIX`), then the summary line. `ok` checks
    /// are shown only when `showingOK` (`--log-level info`).
    public func textLines(showingOK: Bool) -> [String] {
        var lines: [String] = []
        for group in groups {
            let shown = group.checks.filter { showingOK || $0.status != .ok }
            guard !shown.isEmpty else { continue }
            lines.append("\(group.subject):")
            for check in shown {
                var line = "  \(check.status.rawValue) \(check.id): \(check.message)"
                if let fix = check.fix { line += "; fix: \(fix)" }
                lines.append(line)
            }
        }
        lines.append(summaryLine(showingOK: showingOK))
        return lines
    }

    /// `check: 1 fail, 0 warn, 2 info, 14 ok (--log-level info shows the ok checks too)`, or
    /// with `; nothing to fix` when the report's status is 0. It names no exit status: the shell
    /// may exit 69 for an engine out of reach, which the report cannot know.
    func summaryLine(showingOK: Bool) -> String {
        let counts = CheckStatus.allCases.reversed().map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
        var line = "check: \(counts)"
        if exitStatus == .success { line += "; nothing to fix" }
        if !showingOK && count(.ok) > 0 { line += " (--log-level info shows the ok checks too)" }
        return line
    }

    /// The JSON document, without a trailing newline: `{"schemaVersion":1,"mode":"check",
    /// "exitStatus":N,"summary":{"ok":N,"info":N,"warn":N,"fail":N},"checks":[{"id","status",
    /// "subject":{"kind","name"},"message","fix"}]}`. Every check is listed, `ok` ones too.
    public func jsonDocument(exitStatus: ExitStatus? = nil) -> String {
        let counts = CheckStatus.allCases.map { "\(jsonStringLiteral($0.rawValue)):\(count($0))" }.joined(separator: ",")
        let items = checks.map { check in
            let subject = "{\"kind\":\(jsonStringLiteral(check.subject.kind.rawValue)),\"name\":\(check.subject.name.map(jsonStringLiteral) ?? "null")}"
            return "{\"id\":\(jsonStringLiteral(check.id)),\"status\":\(jsonStringLiteral(check.status.rawValue)),\"subject\":\(subject),"
                + "\"message\":\(jsonStringLiteral(check.message)),\"fix\":\(check.fix.map(jsonStringLiteral) ?? "null")}"
        }
        return "{\"schemaVersion\":\(JSONReport.schemaVersion),\"mode\":\"check\",\"exitStatus\":\((exitStatus ?? self.exitStatus).rawValue),"
            + "\"summary\":{\(counts)},\"checks\":[\(items.joined(separator: ","))]}"
    }
}

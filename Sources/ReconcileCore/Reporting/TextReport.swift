/// The human report: one line per change or problem, then a summary line. An apply run that finds
/// everything in sync prints nothing at all, because the timer runs it 17,000 times a day.
public enum TextReport {
    /// Where problem and drift lines go.
    public enum Conditions: Hashable, Sendable {
        /// In the report, every run (dry runs: the report is the diff).
        case inline
        /// To the log, by the shell, once when they appear, change or clear (apply runs: a
        /// persistent problem must not flood the journal). `news` says whether any did, which is
        /// worth a summary line even when nothing was connected.
        case logged(news: Bool)
    }

    /// The report's lines (without newlines). Each change line ends with the pair's exposure
    /// verdict when the run computed one (`  exposure: reachable on 80/tcp only (...)`); a dry run also
    /// gives a line to an in-sync pair whose address is not known to be reachable, since the
    /// dry run is where a user looks for why nothing answers.
    public static func lines(for outcome: RunOutcome, conditions: Conditions = .inline) -> [String] {
        var lines: [String] = []
        for pair in outcome.pairs {
            if case .logged = conditions, pair.status == .problem || pair.status == .drift { continue }
            let entry = pair.entry
            let who = "\(quotedIfNeeded(entry.containerName)) on \(quotedIfNeeded(entry.network))"
            let desired = entry.desired.map(String.init(describing:)) ?? "-"
            let current = entry.current.map(String.init(describing:)) ?? (entry.connected ? "no IPv6 address" : "not connected")
            // Two spaces and a keyword, so the address stays a token of its own for awk and cut.
            let exposure = pair.exposure.map { "  exposure: " + $0.summary } ?? ""
            switch pair.status {
            case .inSync:
                guard outcome.mode == .dryRun, let verdict = pair.exposure, verdict.reachable != true else { continue }
                lines.append("in-sync      \(who) at \(desired)\(exposure)")
            case .connect: lines.append("connect      \(who) at \(desired)\(exposure)")
            case .connected: lines.append("connected    \(who) at \(desired)\(exposure)")
            case .drift: lines.append("drift        \(who) at \(current), wants \(desired) (left alone; --fix-drift repairs it)\(exposure)")
            case .reconnect: lines.append("reconnect    \(who) at \(desired), now \(current)\(exposure)")
            case .reconnected: lines.append("reconnected  \(who) at \(desired), was \(current)\(exposure)")
            case .problem: lines.append("problem      \(who): \(pair.problem?.description ?? "unknown")")
            }
        }
        let neighbours = outcome.proxyNeighbours
        let inline: Bool
        if case .inline = conditions { inline = true } else { inline = false }
        lines += neighbours?.lines(problemsInline: inline) ?? []
        let changed: Bool
        switch conditions {
        case .inline:
            changed = outcome.pairs.contains { $0.status != .inSync } || neighbours.map { $0.hasProblems || !$0.lines(problemsInline: false).isEmpty } == true
        case .logged(let news): changed = news || !lines.isEmpty
        }
        if outcome.mode == .apply && !changed { return [] }
        lines.append(summary(for: outcome) + (neighbours.map { "; " + $0.summary } ?? ""))
        return lines
    }

    /// The summary line, e.g. `dry run: 1 to connect, 0 drifted, 0 problems, 2 in sync`.
    public static func summary(for outcome: RunOutcome) -> String {
        let inSync = outcome.count(.inSync)
        let problems = outcome.count(.problem)
        switch outcome.mode {
        case .dryRun:
            var parts = ["\(outcome.count(.connect)) to connect"]
            if outcome.count(.reconnect) > 0 { parts.append("\(outcome.count(.reconnect)) to reconnect") }
            parts += ["\(outcome.count(.drift)) drifted", "\(problems) problems", "\(inSync) in sync"]
            return "dry run: " + parts.joined(separator: ", ")
        case .apply:
            var parts = ["\(outcome.count(.connected)) connected"]
            if outcome.count(.reconnected) > 0 { parts.append("\(outcome.count(.reconnected)) reconnected") }
            parts += ["\(outcome.count(.drift)) drifted", "\(problems) problems", "\(inSync) in sync"]
            return "applied: " + parts.joined(separator: ", ")
        }
    }
}

/// One change or problem line of the text report on stdout, e.g.
/// `connected    web on edge at 2001:db8:1::ee:43:40`, split into its parts. Names in the tests
/// are plain (`[a-z0-9-]`), so the report prints them unquoted and a split on spaces is exact.
struct ReportLine: Hashable, Sendable {
    /// The first word: `connect`, `connected`, `drift`, `reconnect`, `reconnected` or `problem`.
    let kind: String
    /// The container's name.
    let container: String
    /// The network's name (or the label's reference when it did not resolve).
    let network: String
    /// Everything after the network up to the exposure verdict: ` at <address>...` or `: <reason>`.
    let detail: String
    /// The exposure verdict the line ends with (`reachable on all ports (...)`), when it has one.
    let exposure: String?
    /// The line as printed.
    let text: String

    /// Parses a report line; nil for the summary line or anything else.
    init?(_ text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let kinds: Set<String> = ["connect", "connected", "drift", "reconnect", "reconnected", "problem"]
        guard words.count >= 4, kinds.contains(words[0]), words[2] == "on" else { return nil }
        kind = words[0]
        container = words[1]
        let networkWord = words[3]
        network = networkWord.hasSuffix(":") ? String(networkWord.dropLast()) : networkWord
        guard let range = text.range(of: " on " + networkWord) else { return nil }
        let rest = text[range.upperBound...]
        if let marker = rest.range(of: "  exposure: ") {
            detail = String(rest[..<marker.lowerBound])
            exposure = String(rest[marker.upperBound...])
        } else {
            detail = String(rest)
            exposure = nil
        }
        self.text = text
    }

    /// The IPv6 addresses the line mentions, in order (`at A` for connects; `at A, wants B` for
    /// drift), parsed as numbers.
    var addresses: [IPv6Value] { ipv6Addresses(in: detail) }

    /// The line without its exposure verdict, for tests that compare whole lines whatever the
    /// engine says of reachability.
    var withoutExposure: String {
        guard let exposure else { return text }
        return String(text.dropLast(exposure.count + "  exposure: ".count))
    }
}

/// One warning the tool logs on stderr about a lasting condition of a pair, e.g.
/// `ipv6-reconcile: warning: web on edge: problem: no network has ...`. Apply runs report
/// problems and drift this way, once when they appear, change or clear (the state file remembers
/// them, so the 5-second timer does not flood the journal); dry runs print them in the report.
struct ConditionLogLine: Hashable, Sendable {
    /// `problem`, `drift` or `cleared`.
    let kind: String
    /// The container's name.
    let container: String
    /// The network's name or reference.
    let network: String
    /// What follows the kind: the reason, or where the drifted endpoint is and should be.
    let detail: String
    /// The line as logged.
    let text: String

    /// The plain (non-journal) prefix of a warning.
    static let warningPrefix = "ipv6-reconcile: warning: "

    /// Parses a condition warning; nil for anything else.
    init?(_ text: String) {
        guard text.hasPrefix(Self.warningPrefix) else { return nil }
        let body = text.dropFirst(Self.warningPrefix.count)
        guard let on = body.range(of: " on "), let colon = body.range(of: ": ", range: on.upperBound..<body.endIndex)
        else { return nil }
        container = String(body[..<on.lowerBound])
        network = String(body[on.upperBound..<colon.lowerBound])
        let rest = body[colon.upperBound...]
        if rest.hasPrefix("cleared") {
            kind = "cleared"
            detail = String(rest.dropFirst("cleared".count))
        } else if let kindEnd = rest.range(of: ": ") {
            kind = String(rest[..<kindEnd.lowerBound])
            detail = String(rest[kindEnd.upperBound...])
        } else {
            return nil
        }
        self.text = text
    }

    /// The IPv6 addresses the line mentions, in order, parsed as numbers.
    var addresses: [IPv6Value] { ipv6Addresses(in: detail) }
}

/// Reading the text report (stdout) and the condition warnings (stderr) of a run.
extension ProcessOutput {
    /// The change and problem lines of the report, in order.
    var reportLines: [ReportLine] { lines.compactMap(ReportLine.init) }

    /// Every stdout line, change lines without their exposure verdicts: what the tests that are
    /// not about exposure compare, identical on every engine.
    var linesWithoutExposure: [String] { lines.map { ReportLine($0)?.withoutExposure ?? $0 } }

    /// The report lines of one kind.
    func reportLines(_ kind: String) -> [ReportLine] { reportLines.filter { $0.kind == kind } }

    /// The summary line (`applied: ...` or `dry run: ...`), when the run printed one.
    var summaryLine: String? {
        lines.last.flatMap { $0.hasPrefix("applied: ") || $0.hasPrefix("dry run: ") ? $0 : nil }
    }

    /// The condition warnings on stderr, in order.
    var conditionLines: [ConditionLogLine] { stderrLines.compactMap(ConditionLogLine.init) }

    /// The condition warnings of one kind.
    func conditionLines(_ kind: String) -> [ConditionLogLine] { conditionLines.filter { $0.kind == kind } }
}

/// The words of `text` that are IPv6 addresses, in order.
private func ipv6Addresses(in text: String) -> [IPv6Value] {
    text.split { " ,()".contains($0) }.compactMap { IPv6Value(String($0)) }
}

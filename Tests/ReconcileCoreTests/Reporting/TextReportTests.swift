import ReconcileCore
import Testing

/// The human report: silent when an apply run finds nothing to do, one line per change or
/// problem otherwise, a summary line, and no way for a hostile name to forge a line.
@Suite struct TextReportTests {
    /// The plan of ``PlanTests/mixed``: a_insync, b_connect, c_drift, d_problem.
    static let plan = RunOutcomeTests.plan

    /// The report of `plan` for a run with the given results by container name.
    static func lines(
        _ plan: Plan = plan, mode: RunMode, fixDrift: Bool = false, results byName: [String: WriteResult] = [:]
    ) -> [String] {
        var results: [PlanEntryKey: WriteResult] = [:]
        for entry in plan.entries {
            if let result = byName[entry.containerName] { results[PlanEntryKey(entry)] = result }
        }
        return TextReport.lines(for: RunOutcome(plan: plan, mode: mode, fixDrift: fixDrift, results: results))
    }

    /// Two containers connected at their addresses.
    static let allInSync = Fixture.plan([
        Fixture.container("a", network: "v6net", suffix: "a", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::a")]),
        Fixture.container("b", network: "other", suffix: "b", endpoints: [Fixture.endpoint(Fixture.other, "2001:db8:2::b")]),
    ])

    /// The timer's common case: an apply run that finds everything in sync prints nothing.
    @Test func applyAllInSyncPrintsNothing() {
        #expect(Self.lines(Self.allInSync, mode: .apply) == [])
        #expect(Self.lines(Self.allInSync, mode: .apply, fixDrift: true) == [])
    }

    /// An apply run with no labelled container prints nothing either.
    @Test func applyWithNothingLabelledPrintsNothing() {
        #expect(TextReport.lines(for: RunOutcome(mode: .apply, pairs: [])) == [])
    }

    /// A dry run always prints its summary, even when everything is in sync or nothing is labelled.
    @Test func dryRunAlwaysPrintsSummary() {
        #expect(Self.lines(Self.allInSync, mode: .dryRun) == ["dry run: 0 to connect, 0 drifted, 0 problems, 2 in sync"])
        #expect(TextReport.lines(for: RunOutcome(mode: .dryRun, pairs: []))
            == ["dry run: 0 to connect, 0 drifted, 0 problems, 0 in sync"])
    }

    /// A dry run lists what it would do and what is wrong, then the summary.
    @Test func dryRunListsChanges() {
        #expect(Self.lines(mode: .dryRun) == [
            "connect      b_connect on v6net at 2001:db8:1:1::b",
            "drift        c_drift on v6net at 2001:db8:1:1::99, wants 2001:db8:1:1::c (left alone; --fix-drift repairs it)",
            "problem      d_problem on nope: no network has the ID, name or ID prefix \"nope\"",
            "dry run: 1 to connect, 1 drifted, 1 problems, 1 in sync",
        ])
    }

    /// A dry run with `--fix-drift` says what it would reconnect, and counts it.
    @Test func dryRunWithFixDrift() {
        #expect(Self.lines(mode: .dryRun, fixDrift: true) == [
            "connect      b_connect on v6net at 2001:db8:1:1::b",
            "reconnect    c_drift on v6net at 2001:db8:1:1::c, now 2001:db8:1:1::99",
            "problem      d_problem on nope: no network has the ID, name or ID prefix \"nope\"",
            "dry run: 1 to connect, 1 to reconnect, 0 drifted, 1 problems, 1 in sync",
        ])
    }

    /// An apply run reports what it did and what it left alone.
    @Test func applyReportsWhatItDid() {
        #expect(Self.lines(mode: .apply, results: ["b_connect": .done]) == [
            "connected    b_connect on v6net at 2001:db8:1:1::b",
            "drift        c_drift on v6net at 2001:db8:1:1::99, wants 2001:db8:1:1::c (left alone; --fix-drift repairs it)",
            "problem      d_problem on nope: no network has the ID, name or ID prefix \"nope\"",
            "applied: 1 connected, 1 drifted, 1 problems, 1 in sync",
        ])
        #expect(Self.lines(mode: .apply, fixDrift: true, results: ["b_connect": .done, "c_drift": .done]) == [
            "connected    b_connect on v6net at 2001:db8:1:1::b",
            "reconnected  c_drift on v6net at 2001:db8:1:1::c, was 2001:db8:1:1::99",
            "problem      d_problem on nope: no network has the ID, name or ID prefix \"nope\"",
            "applied: 1 connected, 1 reconnected, 0 drifted, 1 problems, 1 in sync",
        ])
    }

    /// A failed write prints its reason; a lost one says it was not done.
    @Test func applyReportsFailedWrites() {
        let lines = Self.lines(
            mode: .apply, fixDrift: true,
            results: ["b_connect": .failed(.engineRefused(operation: "connect", status: 403, message: "denied"))])
        #expect(lines == [
            "problem      b_connect on v6net: engine refused connect: 403 \"denied\"",
            "problem      c_drift on v6net: reconnect not done: an earlier write lost the engine",
            "problem      d_problem on nope: no network has the ID, name or ID prefix \"nope\"",
            "applied: 0 connected, 0 drifted, 3 problems, 1 in sync",
        ])
    }

    /// Drift of a container connected without an IPv6 address says so.
    @Test func driftWithoutIPv6AddressSaysSo() {
        let plan = Fixture.plan([
            Fixture.container("web", network: "v6net", suffix: "5", endpoints: [Fixture.endpoint(Fixture.v6net, "")]),
        ])
        #expect(Self.lines(plan, mode: .dryRun, fixDrift: true) == [
            "reconnect    web on v6net at 2001:db8:1:1::5, now no IPv6 address",
            "dry run: 0 to connect, 1 to reconnect, 0 drifted, 0 problems, 0 in sync",
        ])
        #expect(Self.lines(plan, mode: .apply).first
            == "drift        web on v6net at no IPv6 address, wants 2001:db8:1:1::5 (left alone; --fix-drift repairs it)")
    }

    /// Names and how the report prints them: bare when Docker could have made them, quoted and
    /// escaped otherwise.
    @Test(arguments: [
        ("web-1.a_B9", "web-1.a_B9"),  // every character class Docker allows: bare
        ("", "\"\""),  // empty: quoted, so it is visibly empty
        ("a b", "\"a b\""),  // space
        ("a\"b", "\"a\\\"b\""),  // quote, escaped
        ("a/b", "\"a/b\""),  // slash is not in Docker's name alphabet
        ("ü", "\"\\u{fc}\""),  // non-ASCII
        ("x\u{1b}[2J", "\"x\\u{1b}[2J\""),  // terminal escape sequence
        ("evil\nconnected    fake on v6net at ::1", "\"evil\\u{a}connected    fake on v6net at ::1\""),  // forged line
    ])
    func hostileNamesAreQuoted(name: String, printed: String) throws {
        let plan = Fixture.plan([Fixture.container(name, network: "v6net", suffix: "5")])
        let lines = Self.lines(plan, mode: .dryRun)
        try #require(lines.count == 2)
        #expect(lines[0] == "connect      \(printed) on v6net at 2001:db8:1:1::5")
        #expect(lines.allSatisfy { line in line.unicodeScalars.allSatisfy { (" "..."~").contains($0) } })
    }

    /// A hostile network reference is quoted both where the pair is named and in the reason.
    @Test func hostileNetworkReferenceIsQuoted() {
        let lines = Self.lines(Fixture.plan([Fixture.container("web", network: "n\u{1b}[31m\nproblem")]), mode: .apply)
        #expect(lines == [
            "problem      web on \"n\\u{1b}[31m\\u{a}problem\": no network has the ID, name or ID prefix \"n\\u{1b}[31m\\u{a}problem\"",
            "applied: 0 connected, 0 drifted, 1 problems, 0 in sync",
        ])
    }

    /// When the shell logs conditions, an apply run leaves problem and drift lines out of the
    /// report and stays silent unless something was written or a condition is news.
    @Test func loggedConditionsStayOutOfTheReport() {
        let applied = RunOutcome(plan: Self.plan, mode: .apply, fixDrift: false, results: [:])
        // b_connect had no result, so it is a problem too: nothing but conditions and in-sync pairs.
        #expect(TextReport.lines(for: applied, conditions: .logged(news: false)) == [])
        #expect(TextReport.lines(for: applied, conditions: .logged(news: true))
            == ["applied: 0 connected, 1 drifted, 2 problems, 1 in sync"])

        var results: [PlanEntryKey: WriteResult] = [:]
        results[PlanEntryKey(Self.plan.entries[1])] = .done
        let connected = RunOutcome(plan: Self.plan, mode: .apply, fixDrift: false, results: results)
        #expect(TextReport.lines(for: connected, conditions: .logged(news: false)) == [
            "connected    b_connect on v6net at 2001:db8:1:1::b",
            "applied: 1 connected, 1 drifted, 1 problems, 1 in sync",
        ])
        #expect(TextReport.lines(for: connected) == TextReport.lines(for: connected, conditions: .inline))
    }

    /// `summary` alone, for both modes.
    @Test func summaryLine() {
        let dry = RunOutcome(plan: Self.plan, mode: .dryRun, fixDrift: false)
        #expect(TextReport.summary(for: dry) == "dry run: 1 to connect, 1 drifted, 1 problems, 1 in sync")
        let applied = RunOutcome(plan: Self.allInSync, mode: .apply, fixDrift: false)
        #expect(TextReport.summary(for: applied) == "applied: 0 connected, 0 drifted, 0 problems, 2 in sync")
    }
}

/// The exposure verdict on the report's lines: appended to every change line after
/// ``separator``, a line of its own for an in-sync pair in a dry run when the address is not
/// known to be reachable, and nothing new in an apply run that has nothing to do.
@Suite struct TextReportExposureTests {
    /// What comes between a line and its verdict: two spaces keep the address a token of its own.
    static let separator = "  exposure: "

    /// The report of ``RunOutcomeTests/plan`` with `verdicts` by container name.
    static func lines(
        _ plan: Plan = RunOutcomeTests.plan, mode: RunMode, fixDrift: Bool = false,
        results byName: [String: WriteResult] = [:], verdicts: [String: ExposureVerdict],
        conditions: TextReport.Conditions = .inline
    ) -> [String] {
        var results: [PlanEntryKey: WriteResult] = [:]
        for entry in plan.entries {
            if let result = byName[entry.containerName] { results[PlanEntryKey(entry)] = result }
        }
        let outcome = RunOutcome(
            plan: plan, mode: mode, fixDrift: fixDrift, results: results, exposures: Fixture.verdicts(verdicts, in: plan))
        return TextReport.lines(for: outcome, conditions: conditions)
    }

    /// What each kind of verdict adds to a line.
    @Test(arguments: [
        (Fixture.blocked, "not reachable: network \"v6net\" masquerades IPv6; fix: recreate it routed"),  // with its fix
        (Fixture.port80, "reachable on 80/tcp only (network \"v6net\" is routed)"),  // the open ports
        (Fixture.allPorts, "reachable on all ports (the host's own firewall decides)"),  // all ports
        (Fixture.unknownExposure, "reachability unknown: Docker 27 does not say"),  // unknown
        (ExposureVerdict.reachableOnPorts(["80/tcp", "53/udp"], reason: "r"), "reachable on 80/tcp, 53/udp only (r)"),  // several ports
    ])
    func summaryOfEachVerdict(verdict: ExposureVerdict, summary: String) {
        #expect(verdict.summary == summary)
        let lines = Self.lines(mode: .dryRun, verdicts: ["b_connect": verdict])
        #expect(lines.contains("connect      b_connect on v6net at 2001:db8:1:1::b" + Self.separator + summary))
    }

    /// A dry run: the verdict after each change line, an in-sync line for the unreachable pair,
    /// and the problem line as it was (a problem has no verdict).
    @Test func dryRunLines() {
        let verdicts = [
            "a_insync": Fixture.blocked, "b_connect": Fixture.port80, "c_drift": Fixture.unknownExposure,
            "d_problem": Fixture.allPorts,
        ]
        #expect(Self.lines(mode: .dryRun, verdicts: verdicts) == [
            "in-sync      a_insync on v6net at 2001:db8:1:1::a  exposure: not reachable: network \"v6net\" masquerades IPv6; fix: recreate it routed",
            "connect      b_connect on v6net at 2001:db8:1:1::b  exposure: reachable on 80/tcp only (network \"v6net\" is routed)",
            "drift        c_drift on v6net at 2001:db8:1:1::99, wants 2001:db8:1:1::c (left alone; --fix-drift repairs it)  exposure: reachability unknown: Docker 27 does not say",
            "problem      d_problem on nope: no network has the ID, name or ID prefix \"nope\"",
            "dry run: 1 to connect, 1 drifted, 1 problems, 1 in sync",
        ])
        // The address stays a whitespace-separated token of its own, verdict or not.
        let lines = Self.lines(mode: .dryRun, verdicts: verdicts)
        #expect(lines[0].split(separator: " ").contains("2001:db8:1:1::a"))
        #expect(lines[1].split(separator: " ").contains("2001:db8:1:1::b"))
    }

    /// A dry run with `--fix-drift`: the reconnect line carries the verdict too.
    @Test func dryRunReconnectLine() {
        let lines = Self.lines(mode: .dryRun, fixDrift: true, verdicts: ["c_drift": Fixture.port80])
        #expect(lines.contains(
            "reconnect    c_drift on v6net at 2001:db8:1:1::c, now 2001:db8:1:1::99  exposure: reachable on 80/tcp only (network \"v6net\" is routed)"))
    }

    /// Which verdicts give an in-sync pair a line of its own in a dry run.
    @Test(arguments: [
        (Fixture.blocked as ExposureVerdict?, true),  // not reachable: the dry run says why nothing answers
        (Fixture.unknownExposure, true),  // unknown: worth saying too
        (Fixture.port80, false),  // reachable on its ports: nothing to say
        (Fixture.allPorts, false),  // reachable on all ports: nothing to say
        (nil, false),  // no verdict computed: nothing to say
    ])
    func inSyncLineInDryRun(verdict: ExposureVerdict?, printed: Bool) {
        let lines = Self.lines(TextReportTests.allInSync, mode: .dryRun, verdicts: verdict.map { ["a": $0] } ?? [:])
        let expected = verdict.map { "in-sync      a on v6net at 2001:db8:1:1::a" + Self.separator + $0.summary }
        #expect(lines.count == (printed ? 2 : 1))
        #expect(lines.last == "dry run: 0 to connect, 0 drifted, 0 problems, 2 in sync")
        if printed { #expect(lines.first == expected) }
    }

    /// An apply run that finds everything in sync stays silent, unreachable or not: the timer runs it
    /// 17,000 times a day, and the state file logs the condition once.
    @Test(arguments: [Fixture.blocked, Fixture.unknownExposure, Fixture.port80, Fixture.allPorts])
    func applyInSyncStaysSilent(verdict: ExposureVerdict) {
        #expect(Self.lines(TextReportTests.allInSync, mode: .apply, verdicts: ["a": verdict, "b": verdict]) == [])
        #expect(Self.lines(
            TextReportTests.allInSync, mode: .apply, verdicts: ["a": verdict], conditions: .logged(news: false)) == [])
    }

    /// An apply run that writes: the verdict on the connected and reconnected lines, no in-sync
    /// line even for an unreachable pair.
    @Test func applyLines() {
        let verdicts = ["a_insync": Fixture.blocked, "b_connect": Fixture.blocked, "c_drift": Fixture.port80]
        #expect(Self.lines(mode: .apply, fixDrift: true, results: ["b_connect": .done, "c_drift": .done], verdicts: verdicts) == [
            "connected    b_connect on v6net at 2001:db8:1:1::b  exposure: not reachable: network \"v6net\" masquerades IPv6; fix: recreate it routed",
            "reconnected  c_drift on v6net at 2001:db8:1:1::c, was 2001:db8:1:1::99  exposure: reachable on 80/tcp only (network \"v6net\" is routed)",
            "problem      d_problem on nope: no network has the ID, name or ID prefix \"nope\"",
            "applied: 1 connected, 1 reconnected, 0 drifted, 1 problems, 1 in sync",
        ])
    }

    /// A failed write is a problem line without a verdict; logged conditions keep drift out with its verdict.
    @Test func problemsAndLoggedDriftCarryNoVerdict() {
        let failed = Self.lines(
            mode: .apply, results: ["b_connect": .failed(RunOutcomeTests.refused)],
            verdicts: ["b_connect": Fixture.port80, "c_drift": Fixture.blocked])
        #expect(failed.first == "problem      b_connect on v6net: engine refused connect: 403 \"denied\"")
        #expect(failed.contains { $0.hasPrefix("drift        c_drift") && $0.hasSuffix(Self.separator + Fixture.blocked.summary) })

        let logged = Self.lines(
            mode: .apply, results: ["b_connect": .done], verdicts: ["a_insync": Fixture.blocked, "c_drift": Fixture.blocked],
            conditions: .logged(news: false))
        #expect(logged == [
            "connected    b_connect on v6net at 2001:db8:1:1::b",
            "applied: 1 connected, 1 drifted, 1 problems, 1 in sync",
        ])
    }

    /// A verdict's text is the engine's and the network's: a hostile name in it stays quoted,
    /// so it cannot forge a line.
    @Test func verdictTextCannotForgeALine() throws {
        let hostile = ExposureVerdict.notReachable(
            reason: "network \(quoted("x\nconnected    fake on v6net at ::1")) is internal", fix: "none")
        let lines = Self.lines(mode: .dryRun, verdicts: ["b_connect": hostile])
        try #require(lines.count == 4)
        #expect(lines.allSatisfy { line in line.unicodeScalars.allSatisfy { (" "..."~").contains($0) } })
        #expect(!lines.contains { $0.hasPrefix("connected    fake") })
    }
}

import ReconcileCore
import Testing

/// Lasting conditions (problems, drift left alone): which pairs have one, how a run's set compares
/// with the last, and the state file that carries it from run to run.
@Suite struct ConditionLogTests {
    /// A condition with the given key and text.
    static func condition(_ key: String, _ text: String = "problem: x", name: String = "web") -> Condition {
        Condition(key: key, containerName: name, network: "v6net", text: text)
    }

    /// Problems and drift left alone are conditions, keyed by container ID and network ID (or
    /// reference); in-sync and connect pairs are not.
    @Test func conditionsOfADryRun() {
        let outcome = RunOutcome(plan: RunOutcomeTests.plan, mode: .dryRun, fixDrift: false)
        #expect(Condition.all(in: outcome) == [
            Condition(
                key: "cid-c_drift/" + Fixture.v6net.id, containerName: "c_drift", network: "v6net",
                text: "drift: at 2001:db8:1:1::99, wants 2001:db8:1:1::c (left alone; --fix-drift repairs it)"),
            Condition(
                key: "cid-d_problem/nope", containerName: "d_problem", network: "nope",
                text: "problem: no network has the ID, name or ID prefix \"nope\""),
        ])
    }

    /// Repaired drift is no condition; a write that failed is one, with the failure as its text.
    @Test func conditionsOfAnApplyRun() {
        let plan = RunOutcomeTests.plan
        var results: [PlanEntryKey: WriteResult] = [:]
        for write in plan.writes(fixDrift: true) {
            results[PlanEntryKey(write.entry)] = write.kind == .connect
                ? .failed(.engineRefused(operation: "connect", status: 403, message: "denied")) : .done
        }
        let conditions = Condition.all(in: RunOutcome(plan: plan, mode: .apply, fixDrift: true, results: results))
        #expect(conditions.map(\.containerName) == ["b_connect", "d_problem"])
        #expect(conditions.first?.text == "problem: engine refused connect: 403 \"denied\"")
    }

    /// Drift of a container connected without an IPv6 address says so.
    @Test func driftWithoutAddress() {
        let plan = Fixture.plan([
            Fixture.container("web", network: "v6net", suffix: "5", endpoints: [Fixture.endpoint(Fixture.v6net, "")]),
        ])
        let conditions = Condition.all(in: RunOutcome(plan: plan, mode: .apply, fixDrift: false))
        #expect(conditions.map(\.text) == ["drift: at no IPv6 address, wants 2001:db8:1:1::5 (left alone; --fix-drift repairs it)"])
    }

    /// One comparison of a previous run's conditions with this run's.
    struct ChangeCase: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// The previous run's conditions, nil when unknown.
        var previous: [Condition]?
        /// This run's conditions.
        var current: [Condition]
        /// The keys expected in each list: appeared, changed, persisting, cleared.
        var appeared: [String] = [], changed: [String] = [], persisting: [String] = [], cleared: [String] = []
        /// Whether the comparison is worth a warning.
        var isNews: Bool

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// Every way a condition can compare with the last run.
    static let changes: [ChangeCase] = [
        ChangeCase(note: "nothing before, nothing now", previous: [], current: [], isNews: false),
        ChangeCase(note: "unknown before, nothing now", previous: nil, current: [], isNews: false),
        ChangeCase(
            note: "unknown before: everything appears", previous: nil, current: [condition("a"), condition("b")],
            appeared: ["a", "b"], isNews: true),
        ChangeCase(
            note: "new condition", previous: [condition("a")], current: [condition("a"), condition("b")],
            appeared: ["b"], persisting: ["a"], isNews: true),
        ChangeCase(
            note: "unchanged condition is not news", previous: [condition("a")], current: [condition("a")],
            persisting: ["a"], isNews: false),
        ChangeCase(
            note: "same pair, other text", previous: [condition("a", "problem: x")], current: [condition("a", "problem: y")],
            changed: ["a"], isNews: true),
        ChangeCase(
            note: "same pair and text, renamed container: the text decides",
            previous: [condition("a", name: "old")], current: [condition("a", name: "new")],
            persisting: ["a"], isNews: false),
        ChangeCase(
            note: "condition cleared", previous: [condition("a"), condition("b")], current: [condition("b")],
            persisting: ["b"], cleared: ["a"], isNews: true),
        ChangeCase(
            note: "everything cleared", previous: [condition("a")], current: [], cleared: ["a"], isNews: true),
        ChangeCase(
            note: "one cleared, another appeared", previous: [condition("a")], current: [condition("b", name: "api")],
            appeared: ["b"], cleared: ["a"], isNews: true),
        // A recreated container: new ID (key), same name and network.
        ChangeCase(
            note: "recreated, same condition: carried over, not cleared and appeared", previous: [condition("old-id/net")],
            current: [condition("new-id/net")], persisting: ["new-id/net"], isNews: false),
        ChangeCase(
            note: "recreated, other text: changed", previous: [condition("old-id/net", "problem: x")],
            current: [condition("new-id/net", "problem: y")], changed: ["new-id/net"], isNews: true),
        ChangeCase(
            note: "recreated: a problem does not stand in for an exposure condition",
            previous: [condition("old-id/net" + Condition.exposureKeySuffix, "not reachable: x")],
            current: [condition("new-id/net", "problem: x")], appeared: ["new-id/net"],
            cleared: ["old-id/net" + Condition.exposureKeySuffix], isNews: true),
        ChangeCase(
            note: "an exact key match wins over a same-name one", previous: [condition("a"), condition("b")],
            current: [condition("b")], persisting: ["b"], cleared: ["a"], isNews: true),
    ]

    /// Each comparison sorts conditions into the expected lists.
    @Test(arguments: changes)
    func comparesWithPreviousRun(_ testCase: ChangeCase) {
        let changes = ConditionChanges(previous: testCase.previous, current: testCase.current)
        #expect(changes.appeared.map(\.key) == testCase.appeared)
        #expect(changes.changed.map(\.key) == testCase.changed)
        #expect(changes.persisting.map(\.key) == testCase.persisting)
        #expect(changes.cleared.map(\.key) == testCase.cleared)
        #expect(changes.isNews == testCase.isNews)
    }

    /// A changed condition carries this run's text.
    @Test func changedCarriesNewText() {
        let changes = ConditionChanges(previous: [Self.condition("a", "problem: x")], current: [Self.condition("a", "problem: y")])
        #expect(changes.changed.map(\.text) == ["problem: y"])
    }

    /// The state file of no conditions is the header line alone.
    @Test func encodesEmptyState() {
        #expect(ConditionState.encode([]) == "ipv6-reconcile state 2\n")
        #expect(ConditionState.decode("ipv6-reconcile state 2\n") == [])
    }

    /// One line per condition, sorted by scope then key, five tab-separated fields.
    @Test func encodesSortedLines() {
        var other = Self.condition("k0", "problem: c")
        other.scope = "unix:///b ipv6.mapper"
        let text = ConditionState.encode([Self.condition("k2", "problem: b"), other, Self.condition("k1", "problem: a")])
        #expect(text == "ipv6-reconcile state 2\n\tk1\tweb\tv6net\tproblem: a\n\tk2\tweb\tv6net\tproblem: b\n"
            + "unix:///b ipv6.mapper\tk0\tweb\tv6net\tproblem: c\n")
    }

    /// Runs of two scopes sharing one state file: each compares and replaces only its own lines,
    /// so neither logs the other's lasting problems as cleared (and then as new again).
    @Test func scopesDoNotClearEachOther() {
        func scoped(_ scope: String, _ key: String) -> Condition {
            Condition(scope: scope, key: key, containerName: "web", network: "v6net", text: "problem: x")
        }
        let recorded = [scoped("A", "a1"), scoped("B", "b1")]
        let runOfA = [scoped("A", "a1"), scoped("A", "a2")]
        let changes = ConditionChanges(previous: ConditionState.conditions(in: recorded, scope: "A"), current: runOfA)
        #expect(changes.appeared.map(\.key) == ["a2"])
        #expect(changes.persisting.map(\.key) == ["a1"])
        #expect(changes.cleared.isEmpty)
        let written = ConditionState.replacing(scope: "A", in: recorded, with: runOfA)
        #expect(Set(written) == Set([scoped("B", "b1"), scoped("A", "a1"), scoped("A", "a2")]))
        let decoded = ConditionState.decode(ConditionState.encode(written))
        #expect(decoded.map { ConditionState.conditions(in: $0, scope: "B") } == [scoped("B", "b1")])
    }

    /// Field texts that must survive encoding and decoding unchanged.
    @Test(arguments: [
        "plain",  // nothing to escape
        "",  // empty field
        "a\tb",  // tab: the field separator
        "a\nb",  // newline: the line separator
        "a\rb",  // carriage return
        "a\r\nb",  // CRLF: one Character, two scalars
        "ends with CR\r",  // a raw CR here would join the line's LF into one CRLF Character
        "\\",  // backslash: the escape character
        "\\t\\n\\\\",  // escape sequences written literally
        "trailing\\",  // a backslash at the end
        "\u{301}combining first",  // a combining mark at the start of a field (after a tab)
        "quote \" and é🚀",  // quotes and non-ASCII
        "\u{0}\u{1b}[31m\u{7f}",  // NUL, escape sequence, DEL
    ])
    func roundTripsHostileFields(text: String) {
        let conditions = [
            Condition(scope: text, key: "cid/" + text, containerName: text, network: text, text: text),
            Condition(scope: text, key: "cid/zzz", containerName: "web", network: text, text: "problem: " + text),
        ]
        let encoded = ConditionState.encode(conditions)
        #expect(encoded.split(separator: "\n", omittingEmptySubsequences: false).count == 4)  // header, 2 lines, ""
        #expect(ConditionState.decode(encoded) == conditions.sorted { $0.key < $1.key })
    }

    /// Texts that are not a complete state file of this version: decode returns nil so that the
    /// caller treats every condition as new.
    @Test(arguments: [
        "",  // empty file
        "ipv6-reconcile state 2",  // header without its newline: cut short
        "ipv6-reconcile state 2\ns\tk\tweb\tv6net\tproblem: x",  // last line cut short
        "ipv6-reconcile state 1\n",  // another version (the first, which had no scopes)
        "something else\n",  // not a state file
        "\nipv6-reconcile state 2\n",  // header not first
        "ipv6-reconcile state 2\r\n",  // CRLF line ends
        "ipv6-reconcile state 2\ns\tk\tweb\tv6net\n",  // four fields
        "ipv6-reconcile state 2\ns\tk\tweb\tv6net\tx\ty\n",  // six fields
        "ipv6-reconcile state 2\n\n",  // empty line
        "ipv6-reconcile state 2\ns\tk\tweb\tv6net\tbad \\x escape\n",  // unknown escape
        "ipv6-reconcile state 2\ns\tk\tweb\tv6net\tlone backslash\\\n",  // escape cut off
    ])
    func refusesCorruptState(text: String) {
        #expect(ConditionState.decode(text) == nil)
    }
}

/// Unreachable addresses as lasting conditions: logged once when they appear, kept through runs
/// that do not evaluate exposure (a no-op apply run does not ask the engine), cleared when the
/// pair goes away or becomes reachable.
@Suite struct ConditionLogExposureTests {
    /// `web`, labelled for v6net with suffix 5 and connected there at `2001:db8:1:1::5`: in sync.
    static let inSync = Fixture.plan([
        Fixture.container("web", network: "v6net", suffix: "5", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::5")]),
    ])

    /// The same container, drifted: connected at `2001:db8:1:1::99`.
    static let drifted = Fixture.plan([
        Fixture.container("web", network: "v6net", suffix: "5", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::99")]),
    ])

    /// The key of web's exposure condition on v6net.
    static let exposureKey = "cid-web/" + Fixture.v6net.id + Condition.exposureKeySuffix

    /// web's exposure condition for `verdict`.
    static func exposureCondition(_ verdict: ExposureVerdict, scope: String = "") -> Condition {
        Condition(scope: scope, key: exposureKey, containerName: "web", network: "v6net", text: verdict.summary)
    }

    /// The conditions of an apply run of `plan`, with web's verdict when the run evaluated exposure.
    static func conditions(
        _ plan: Plan = inSync, verdict: ExposureVerdict?, evaluated: Bool = true, previous: [Condition]? = nil,
        scope: String = ""
    ) -> [Condition] {
        let exposures = evaluated ? Fixture.verdicts(verdict.map { ["web": $0] } ?? [:], in: plan) : nil
        let outcome = RunOutcome(plan: plan, mode: .apply, fixDrift: false, exposures: exposures)
        return Condition.all(in: outcome, scope: scope, previous: previous)
    }

    /// The suffix keeps an exposure condition apart from the pair's problem or drift condition.
    @Test func keySuffix() {
        #expect(Condition.exposureKeySuffix == "/exposure")
    }

    /// Which verdicts make a condition: only not reachable, with the verdict's summary as text.
    @Test(arguments: [
        (Fixture.blocked as ExposureVerdict?, true),  // not reachable: a condition
        (Fixture.unknownExposure, false),  // unknown: nothing to act on, no condition
        (Fixture.port80, false),  // reachable on its ports
        (Fixture.allPorts, false),  // reachable on all ports
        (nil, false),  // evaluated, but the pair has no verdict
    ])
    func onlyUnreachableIsACondition(verdict: ExposureVerdict?, isCondition: Bool) {
        let conditions = Self.conditions(verdict: verdict)
        #expect(conditions == (isCondition ? [Self.exposureCondition(Fixture.blocked)] : []))
    }

    /// The condition's text is the summary, fix included, and carries the run's scope.
    @Test func conditionTextAndScope() {
        let conditions = Self.conditions(verdict: Fixture.blocked, scope: "unix:///run/docker.sock ipv6.mapper")
        #expect(conditions == [Self.exposureCondition(Fixture.blocked, scope: "unix:///run/docker.sock ipv6.mapper")])
        #expect(conditions.first?.text == "not reachable: network \"v6net\" masquerades IPv6; fix: recreate it routed")
    }

    /// A drifted, unreachable pair has two conditions, each under its own key.
    @Test func driftAndExposureAreTwoConditions() {
        let conditions = Self.conditions(Self.drifted, verdict: Fixture.blocked)
        #expect(conditions.map(\.key) == ["cid-web/" + Fixture.v6net.id, Self.exposureKey])
        #expect(conditions.first?.text.hasPrefix("drift: at 2001:db8:1:1::99") == true)
        #expect(conditions.last?.text == Fixture.blocked.summary)
    }

    /// A problem has no exposure condition, even when a verdict was handed over for it.
    @Test func problemHasNoExposureCondition() {
        let plan = Fixture.plan([Fixture.container("web", network: "nope")])
        let outcome = RunOutcome(
            plan: plan, mode: .apply, fixDrift: false, exposures: Fixture.verdicts(["web": Fixture.blocked], in: plan))
        #expect(Condition.all(in: outcome).map(\.key) == ["cid-web/nope"])
    }

    /// The whole life of one unreachable address over successive apply runs, through the state file.
    @Test func lifeOfAnUnreachableAddress() throws {
        // 1. It appears: news, logged once.
        let first = Self.conditions(verdict: Fixture.blocked)
        let appeared = ConditionChanges(previous: nil, current: first)
        #expect(appeared.appeared.map(\.key) == [Self.exposureKey])
        #expect(appeared.isNews)
        let stored = try #require(ConditionState.decode(ConditionState.encode(first)))
        #expect(stored == first)

        // 2. The next evaluated run sees the same: it persists, not news.
        let second = Self.conditions(verdict: Fixture.blocked, previous: stored)
        let persisting = ConditionChanges(previous: stored, current: second)
        #expect(persisting.persisting.map(\.key) == [Self.exposureKey])
        #expect(!persisting.isNews)

        // 3. A no-op run does not evaluate: the condition is carried forward, not cleared.
        let third = Self.conditions(verdict: nil, evaluated: false, previous: second)
        #expect(third == second)
        #expect(!ConditionChanges(previous: second, current: third).isNews)

        // 4. Evaluated again and reachable now: cleared, once.
        let fourth = Self.conditions(verdict: Fixture.port80, previous: third)
        #expect(fourth.isEmpty)
        let cleared = ConditionChanges(previous: third, current: fourth)
        #expect(cleared.cleared.map(\.key) == [Self.exposureKey])
        #expect(cleared.isNews)
    }

    /// A pair that goes away takes its exposure condition with it, evaluated or not.
    @Test(arguments: [true, false])
    func clearsWhenThePairGoesAway(evaluated: Bool) {
        let previous = [Self.exposureCondition(Fixture.blocked)]
        let gone = Fixture.plan([
            Fixture.container("other", network: "v6net", suffix: "6", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::6")]),
        ])
        let current = Self.conditions(gone, verdict: nil, evaluated: evaluated, previous: previous)
        #expect(current.isEmpty)
        #expect(ConditionChanges(previous: previous, current: current).cleared == previous)
    }

    /// A run that does not evaluate carries only exposure conditions, only for pairs it still has
    /// that are not problems: drift and problems come from the run itself.
    @Test func carriesOnlyExposureConditionsOfLivePairs() {
        let previous = [
            Condition(key: "cid-web/" + Fixture.v6net.id, containerName: "web", network: "v6net", text: "drift: old"),
            Self.exposureCondition(Fixture.blocked),
        ]
        // The drift was repaired: the drift condition clears, the exposure one stays.
        #expect(Self.conditions(verdict: nil, evaluated: false, previous: previous) == [Self.exposureCondition(Fixture.blocked)])

        // The pair became a problem under the same key: the exposure condition clears.
        let problem = Problem.containerGone
        let outcome = RunOutcome(mode: .apply, pairs: [
            PairOutcome(entry: Fixture.entry("web", action: .problem(problem)), status: .problem, problem: problem),
        ])
        #expect(Condition.all(in: outcome, previous: previous).map(\.key) == ["cid-web/" + Fixture.v6net.id])
    }

    /// An evaluated run ignores what the previous one recorded: it knows.
    @Test func evaluatedRunDoesNotCarry() {
        let previous = [Self.exposureCondition(Fixture.blocked)]
        #expect(Self.conditions(verdict: Fixture.allPorts, previous: previous).isEmpty)
        #expect(Self.conditions(verdict: nil, previous: previous).isEmpty)
    }

    /// A verdict whose text changed (another fix) is a changed condition, logged again.
    @Test func changedVerdictIsChanged() {
        let previous = [Self.exposureCondition(Fixture.blocked)]
        let other = ExposureVerdict.notReachable(reason: "network \"v6net\" is internal", fix: "use another network")
        let current = Self.conditions(verdict: other, previous: previous)
        let changes = ConditionChanges(previous: previous, current: current)
        #expect(changes.changed.map(\.text) == [other.summary])
        #expect(changes.isNews)
    }
}

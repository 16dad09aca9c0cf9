import ReconcileCore
import Testing

/// The condition journal, pure: the previous state text and a run's outcome in, the lines to log
/// and the text to write out.
@Suite struct ConditionJournalTests {
    static let stateFile = "/run/ipv6-reconcile/state"
    static let scope = "unix:///var/run/docker.sock ipv6.mapper"

    /// An apply run with one problem: web's address held by an unlabelled container.
    static let problem: RunOutcome = {
        let entry = PlanEntry(
            containerID: Fixture.id("a1"), containerName: "web", network: "v6net", networkID: Fixture.id("e1"),
            desired: Fixture.address("2001:db8:1:1::a"), current: nil, connected: false,
            action: .problem(.addressHeldByUnlabelled(address: Fixture.address("2001:db8:1:1::a"), holder: "intruder")))
        return RunOutcome(plan: Plan(entries: [entry]), mode: .apply, fixDrift: false)
    }()

    /// An apply run with nothing to say.
    static let clean = RunOutcome(plan: Plan(entries: []), mode: .apply, fixDrift: false)

    static func journal(_ previous: ConditionJournal.PreviousState, _ outcome: RunOutcome = problem, scope: String = scope, extra: [Condition] = [])
        -> ConditionJournal
    {
        ConditionJournal(previous: previous, stateFile: stateFile, outcome: outcome, scope: scope, extra: extra)
    }

    /// The problem's line, as logged when it is news.
    static let problemLine = "web on v6net: problem: address 2001:db8:1:1::a is already in use by container \"intruder\" (not labelled)"

    /// How the run found the state file, and the lines that must come before the problem's.
    static let previousStates: [(ConditionJournal.PreviousState, LogLine)] = [
        // None yet: said at debug level only.
        (.missing, LogLine(.debug, "no state file at \(stateFile) yet; it is created when there is something to remember")),
        // Not ours (no header): corrupt, everything is new.
        (.text("garbage\n"), LogLine(.warning, "state file \(stateFile) is corrupt; logging every problem as new and rewriting it")),
        // Cut short (no final newline).
        (.text(ConditionState.header), LogLine(.warning, "state file \(stateFile) is corrupt; logging every problem as new and rewriting it")),
        // Unreadable: the reason, then everything is new.
        (.unreadable("cannot read state file \(stateFile): Permission denied"),
            LogLine(.warning, "cannot read state file \(stateFile): Permission denied; logging every problem as new and rewriting it")),
    ]

    @Test(arguments: previousStates.indices)
    func previousStateGivesNews(_ index: Int) throws {
        let (previous, first) = Self.previousStates[index]
        let journal = Self.journal(previous)
        #expect(journal.lines == [first, LogLine(.warning, Self.problemLine)])
        #expect(journal.isNews)
        let text = try #require(journal.newText)
        #expect(text.hasPrefix(ConditionState.header + "\n"))
        #expect(ConditionState.decode(text)?.map(\.scope) == [Self.scope])
    }

    /// No state file and nothing to remember: nothing is written.
    @Test func nothingToRememberWritesNothing() {
        let journal = Self.journal(.missing, Self.clean)
        #expect(journal.newText == nil)
        #expect(!journal.isNews)
    }

    /// The same problem as last time: at debug level only, and the file is not rewritten.
    @Test func unchangedStateIsNotRewritten() throws {
        let written = try #require(Self.journal(.missing).newText)
        let again = Self.journal(.text(written))
        #expect(again.lines == [LogLine(.debug, "web on v6net: still " + String(Self.problemLine.dropFirst("web on v6net: ".count)))])
        #expect(again.newText == nil)
        #expect(!again.isNews)
    }

    /// The problem gone: cleared once, at warning level, and the file rewritten without it.
    @Test func clearedOnce() throws {
        let written = try #require(Self.journal(.missing).newText)
        let cleared = Self.journal(.text(written), Self.clean)
        #expect(cleared.lines == [LogLine(.warning, "web on v6net: cleared (was " + String(Self.problemLine.dropFirst("web on v6net: ".count)) + ")")])
        #expect(cleared.newText == ConditionState.header + "\n")
        #expect(cleared.isNews)
    }

    /// Another scope's lines in the file are left as they were, and are none of this run's news.
    @Test func otherScopesKept() throws {
        let other = try #require(Self.journal(.missing, scope: "tcp://other:2375 ipv6.mapper").newText)
        let journal = Self.journal(.text(other), Self.clean)
        #expect(journal.lines.isEmpty)
        #expect(journal.newText == nil, "nothing of this scope changed")
        let mine = try #require(Self.journal(.text(other)).newText)
        #expect(ConditionState.decode(mine)?.map(\.scope).sorted() == [Self.scope, "tcp://other:2375 ipv6.mapper"].sorted())
    }

    /// Extra conditions (the engine's broken states) are put in the run's scope, logged once.
    @Test func extraConditionsAreScoped() throws {
        let broken = Condition(key: "engine/podman/d4d4d4d4d4d4/v6net", containerName: "d4d4d4d4d4d4", network: "v6net", text: "Podman's lists fail")
        let journal = Self.journal(.missing, Self.clean, extra: [broken])
        #expect(journal.lines.last == LogLine(.warning, "d4d4d4d4d4d4 on v6net: Podman's lists fail"))
        let text = try #require(journal.newText)
        #expect(ConditionState.decode(text)?.map(\.scope) == [Self.scope])
        #expect(ConditionState.decode(text)?.map(\.key) == ["engine/podman/d4d4d4d4d4d4/v6net"])
        #expect(Self.journal(.text(text), Self.clean, extra: [broken]).newText == nil, "the next run keeps it quietly")
    }
}

import ReconcileCore
import Testing

/// Where each pair stands after a run, given the plan, the mode, `--fix-drift` and what each
/// write did; and the exit status that follows.
@Suite struct RunOutcomeTests {
    /// The plan of ``PlanTests/mixed``: a_insync, b_connect, c_drift, d_problem, in that order.
    static let plan = Fixture.plan(PlanTests.mixed)

    /// The problem d_problem has in the plan.
    static let notFound = Problem.networkNotFound(reference: "nope")

    /// An engine refusal, as a failed write reports it.
    static let refused = Problem.engineRefused(operation: "connect", status: 403, message: "denied")

    /// A refused reconnect, as a failed drift repair reports it.
    static let reconnectFailed = Problem.reconnectFailed(status: 500, message: "pool exhausted")

    /// One run scenario over ``plan``.
    struct OutcomeCase: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// Apply or dry run.
        var mode: RunMode
        /// Whether `--fix-drift` was given.
        var fixDrift: Bool
        /// What each container's write did, by container name; absent means not written.
        var results: [String: WriteResult] = [:]
        /// The statuses of a_insync, b_connect, c_drift, d_problem.
        var statuses: [PairStatus]
        /// The problems of the four pairs.
        var problems: [Problem?]
        /// The exit status of the run.
        var exit: ReconcileCore.ExitStatus

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// The write-not-done problem the outcome reports for a planned write without a result.
    static func notDone(_ operation: String) -> Problem {
        .writeNotDone(operation: operation, cause: "an earlier write lost the engine")
    }

    /// Every combination of mode, `--fix-drift` and write result that changes a status.
    static let cases: [OutcomeCase] = [
        OutcomeCase(
            note: "dry run: connect and drift are only reported", mode: .dryRun, fixDrift: false,
            statuses: [.inSync, .connect, .drift, .problem], problems: [nil, nil, nil, notFound], exit: .problems),
        OutcomeCase(
            note: "dry run with --fix-drift: drift would be reconnected", mode: .dryRun, fixDrift: true,
            statuses: [.inSync, .connect, .reconnect, .problem], problems: [nil, nil, nil, notFound], exit: .problems),
        OutcomeCase(
            note: "dry run ignores any results it is handed", mode: .dryRun, fixDrift: true,
            results: ["b_connect": .failed(refused), "c_drift": .done],
            statuses: [.inSync, .connect, .reconnect, .problem], problems: [nil, nil, nil, notFound], exit: .problems),
        OutcomeCase(
            note: "apply: connect done, drift left alone", mode: .apply, fixDrift: false, results: ["b_connect": .done],
            statuses: [.inSync, .connected, .drift, .problem], problems: [nil, nil, nil, notFound], exit: .problems),
        OutcomeCase(
            note: "apply without --fix-drift ignores a result for the drifted pair", mode: .apply, fixDrift: false,
            results: ["b_connect": .done, "c_drift": .failed(reconnectFailed)],
            statuses: [.inSync, .connected, .drift, .problem], problems: [nil, nil, nil, notFound], exit: .problems),
        OutcomeCase(
            note: "apply with --fix-drift: both writes done", mode: .apply, fixDrift: true,
            results: ["b_connect": .done, "c_drift": .done],
            statuses: [.inSync, .connected, .reconnected, .problem], problems: [nil, nil, nil, notFound], exit: .problems),
        OutcomeCase(
            note: "apply: a concurrent run got there first: in sync, this run changed nothing", mode: .apply, fixDrift: true,
            results: ["b_connect": .alreadyInSync, "c_drift": .alreadyInSync],
            statuses: [.inSync, .inSync, .inSync, .problem], problems: [nil, nil, nil, notFound], exit: .problems),
        OutcomeCase(
            note: "apply: failed writes become problems with their reason", mode: .apply, fixDrift: true,
            results: ["b_connect": .failed(refused), "c_drift": .failed(reconnectFailed)],
            statuses: [.inSync, .problem, .problem, .problem], problems: [nil, refused, reconnectFailed, notFound],
            exit: .problems),
        OutcomeCase(
            note: "apply: writes without a result were not done, and say so", mode: .apply, fixDrift: true,
            statuses: [.inSync, .problem, .problem, .problem],
            problems: [nil, notDone("connect"), notDone("reconnect"), notFound], exit: .problems),
        OutcomeCase(
            note: "apply: one write done, the next lost", mode: .apply, fixDrift: true, results: ["b_connect": .done],
            statuses: [.inSync, .connected, .problem, .problem], problems: [nil, nil, notDone("reconnect"), notFound],
            exit: .problems),
        OutcomeCase(
            note: "apply: results for pairs without a write change nothing", mode: .apply, fixDrift: true,
            results: ["a_insync": .failed(refused), "b_connect": .done, "c_drift": .done, "d_problem": .done],
            statuses: [.inSync, .connected, .reconnected, .problem], problems: [nil, nil, nil, notFound], exit: .problems),
    ]

    /// Each scenario gives the expected statuses, problems and exit status, in plan order.
    @Test(arguments: cases)
    func statusesFollowModeAndResults(_ testCase: OutcomeCase) throws {
        var results: [PlanEntryKey: WriteResult] = [:]
        for entry in Self.plan.entries {
            if let result = testCase.results[entry.containerName] { results[PlanEntryKey(entry)] = result }
        }
        let outcome = RunOutcome(plan: Self.plan, mode: testCase.mode, fixDrift: testCase.fixDrift, results: results)
        try #require(outcome.pairs.count == 4)
        #expect(outcome.mode == testCase.mode)
        #expect(outcome.pairs.map(\.entry) == Self.plan.entries)
        #expect(outcome.pairs.map(\.status) == testCase.statuses)
        #expect(outcome.pairs.map(\.problem) == testCase.problems)
        #expect(outcome.exitStatus == testCase.exit)
    }

    /// Without the problem pair, the same runs exit on their own merits.
    @Test(arguments: [
        (RunMode.dryRun, false, [String: WriteResult](), ReconcileCore.ExitStatus.pendingChanges),  // dry run: changes to make
        (.dryRun, true, [:], .pendingChanges),  // dry run with --fix-drift: still pending
        (.apply, false, ["b_connect": .done], .problems),  // drift left alone is a problem for an apply run
        (.apply, true, ["b_connect": .done, "c_drift": .done], .success),  // everything converged
        (.apply, true, ["b_connect": .done, "c_drift": .alreadyInSync], .success),  // a concurrent run helped
        (.apply, true, ["b_connect": .done], .problems),  // the reconnect was not done
        (.apply, true, ["b_connect": .failed(refused), "c_drift": .done], .problems),  // a refused connect
    ])
    func exitStatusWithoutPlannedProblems(mode: RunMode, fixDrift: Bool, byName: [String: WriteResult], exit: ReconcileCore.ExitStatus) {
        let plan = Fixture.plan(Array(PlanTests.mixed.prefix(3)))
        var results: [PlanEntryKey: WriteResult] = [:]
        for entry in plan.entries {
            if let result = byName[entry.containerName] { results[PlanEntryKey(entry)] = result }
        }
        #expect(RunOutcome(plan: plan, mode: mode, fixDrift: fixDrift, results: results).exitStatus == exit)
    }

    /// Sets of statuses, a mode and the exit status they must give.
    @Test(arguments: [
        (RunMode.apply, [PairStatus](), ReconcileCore.ExitStatus.success),  // nothing labelled
        (.apply, [.inSync, .inSync], .success),  // all in sync
        (.apply, [.connected, .inSync], .success),  // converged by connecting
        (.apply, [.reconnected], .success),  // converged by repairing drift
        (.apply, [.drift, .inSync], .problems),  // drift left alone
        (.apply, [.connected, .problem], .problems),  // one problem is enough
        (.dryRun, [], .success),  // nothing labelled
        (.dryRun, [.inSync], .success),  // nothing to do
        (.dryRun, [.connect, .inSync], .pendingChanges),  // would connect
        (.dryRun, [.drift], .pendingChanges),  // drift is pending in a dry run
        (.dryRun, [.reconnect], .pendingChanges),  // would reconnect
        (.dryRun, [.connect, .problem], .problems),  // problems outrank pending changes
        (.dryRun, [.problem], .problems),  // problems alone
    ])
    func exitStatusFromStatuses(mode: RunMode, statuses: [PairStatus], exit: ReconcileCore.ExitStatus) {
        let pairs = statuses.enumerated().map { index, status in
            PairOutcome(entry: Fixture.entry("c\(index)", action: .inSync), status: status)
        }
        #expect(RunOutcome(mode: mode, pairs: pairs).exitStatus == exit)
    }

    /// `count` counts pairs by status.
    @Test func countsByStatus() {
        let outcome = RunOutcome(plan: Self.plan, mode: .dryRun, fixDrift: false)
        #expect(outcome.count(.inSync) == 1)
        #expect(outcome.count(.connect) == 1)
        #expect(outcome.count(.drift) == 1)
        #expect(outcome.count(.problem) == 1)
        #expect(outcome.count(.connected) == 0)
        #expect(PairStatus.allCases.map(outcome.count).reduce(0, +) == outcome.pairs.count)
    }

    /// The full flow: the writes of a plan, keyed back by `PlanEntryKey`, settle the outcome.
    @Test func writesAndResultsMeetByKey() {
        let writes = Self.plan.writes(fixDrift: true)
        var results: [PlanEntryKey: WriteResult] = [:]
        for write in writes { results[PlanEntryKey(write.entry)] = .done }
        let outcome = RunOutcome(plan: Self.plan, mode: .apply, fixDrift: true, results: results)
        #expect(outcome.pairs.map(\.status) == [.inSync, .connected, .reconnected, .problem])
    }

    /// A key uses the network ID when resolved and the reference otherwise, and tells two networks
    /// of one container apart.
    @Test func planEntryKeyUsesNetworkIDOrReference() {
        let resolved = Fixture.entry("web", action: .connect)
        let unresolved = Fixture.entry("web", network: "nope", networkID: nil, action: .problem(Self.notFound))
        #expect(PlanEntryKey(resolved).containerID == "cid-web")
        #expect(PlanEntryKey(resolved).network == Fixture.v6net.id)
        #expect(PlanEntryKey(unresolved).network == "nope")
        #expect(PlanEntryKey(resolved) != PlanEntryKey(unresolved))
        var renamed = resolved
        renamed.network = "renamed"
        #expect(PlanEntryKey(renamed) == PlanEntryKey(resolved))
    }

    /// Exit statuses have their documented values and distinct descriptions.
    @Test func exitStatusValues() {
        #expect(ReconcileCore.ExitStatus.allCases.map(\.rawValue) == [0, 2, 3, 64, 69, 73, 75])
        #expect(Set(ReconcileCore.ExitStatus.allCases.map(\.meaning)).count == ReconcileCore.ExitStatus.allCases.count)
        #expect(ReconcileCore.ExitStatus.allCases.allSatisfy { !$0.meaning.isEmpty && !$0.meaning.contains("\n") })
    }
}

/// Where the exposure verdicts land in a run's outcome: on every pair that is not a problem, and
/// only when the run computed them.
@Suite struct RunOutcomeExposureTests {
    /// One verdict per pair of ``RunOutcomeTests/plan``, the problem pair's included.
    static let everyPair = Fixture.verdicts(
        ["a_insync": Fixture.blocked, "b_connect": Fixture.port80, "c_drift": Fixture.unknownExposure,
            "d_problem": Fixture.allPorts],
        in: RunOutcomeTests.plan)

    /// A run that did not compute verdicts says so, and no pair has one.
    @Test func withoutVerdicts() {
        let outcome = RunOutcome(plan: RunOutcomeTests.plan, mode: .dryRun, fixDrift: false)
        #expect(outcome.exposureEvaluated == false)
        #expect(outcome.pairs.allSatisfy { $0.exposure == nil })
        #expect(RunOutcome(mode: .apply, pairs: []).exposureEvaluated == false)
    }

    /// An empty set of verdicts is still an evaluated run (nothing had a verdict).
    @Test func emptyVerdictsAreEvaluated() {
        let outcome = RunOutcome(plan: RunOutcomeTests.plan, mode: .dryRun, fixDrift: false, exposures: [:])
        #expect(outcome.exposureEvaluated)
        #expect(outcome.pairs.allSatisfy { $0.exposure == nil })
    }

    /// Verdicts land on their pairs; a planned problem gets none even when one was handed over.
    @Test func verdictsLandOnTheirPairs() {
        let outcome = RunOutcome(plan: RunOutcomeTests.plan, mode: .dryRun, fixDrift: false, exposures: Self.everyPair)
        #expect(outcome.exposureEvaluated)
        #expect(outcome.pairs.map(\.exposure) == [Fixture.blocked, Fixture.port80, Fixture.unknownExposure, nil])
    }

    /// A write that failed, or was not done, makes the pair a problem: its verdict is dropped.
    @Test(arguments: [
        ([String: WriteResult](), [PairStatus.inSync, .problem, .problem, .problem]),  // both writes lost
        (["b_connect": .failed(RunOutcomeTests.refused), "c_drift": .done], [.inSync, .problem, .reconnected, .problem]),  // connect refused
        (["b_connect": .done, "c_drift": .done], [.inSync, .connected, .reconnected, .problem]),  // both done
    ])
    func failedWritesDropTheirVerdict(byName: [String: WriteResult], statuses: [PairStatus]) {
        var results: [PlanEntryKey: WriteResult] = [:]
        for entry in RunOutcomeTests.plan.entries {
            if let result = byName[entry.containerName] { results[PlanEntryKey(entry)] = result }
        }
        let outcome = RunOutcome(
            plan: RunOutcomeTests.plan, mode: .apply, fixDrift: true, results: results, exposures: Self.everyPair)
        #expect(outcome.pairs.map(\.status) == statuses)
        let expected: [ExposureVerdict?] = [Fixture.blocked, Fixture.port80, Fixture.unknownExposure, nil]
        for (pair, verdict) in zip(outcome.pairs, expected) {
            #expect(pair.exposure == (pair.status == .problem ? nil : verdict), "\(pair.entry.containerName)")
        }
    }
}

/// Whether a run writes.
public enum RunMode: String, Hashable, Sendable {
    /// Connect what is missing.
    case apply
    /// Plan and report only; no write call at all.
    case dryRun = "dry-run"
}

/// Where a pair stands at the end of a run.
public enum PairStatus: String, Hashable, Sendable, CaseIterable {
    /// Connected at the desired address before the run.
    case inSync = "in-sync"
    /// Dry run: would be connected.
    case connect
    /// This run connected it.
    case connected
    /// Connected at another address and left alone.
    case drift
    /// Dry run with `--fix-drift`: would be disconnected and connected at the desired address.
    case reconnect
    /// This run repaired drift.
    case reconnected
    /// Cannot be brought in sync; see the reason.
    case problem
}

/// The result of one write, as the shell saw it.
public enum WriteResult: Hashable, Sendable {
    /// The engine did it.
    case done
    /// The engine said the endpoint already exists, and it has the desired address (a concurrent
    /// run got there first): in sync, not a failure.
    case alreadyInSync
    /// It failed for this pair.
    case failed(Problem)
}

/// One pair at the end of a run.
public struct PairOutcome: Hashable, Sendable {
    /// The planned pair.
    public var entry: PlanEntry
    /// Where it stands.
    public var status: PairStatus
    /// Why, for problems.
    public var problem: Problem?
    /// Whether its address answers from outside, when the run asked (nil for problems, and in
    /// runs that did not need the verdict).
    public var exposure: ExposureVerdict?

    /// Builds an outcome.
    public init(entry: PlanEntry, status: PairStatus, problem: Problem? = nil, exposure: ExposureVerdict? = nil) {
        self.entry = entry
        self.status = status
        self.problem = problem
        self.exposure = exposure
    }
}

/// Everything a run did or would do: what the reports render and the exit status comes from.
public struct RunOutcome: Hashable, Sendable {
    /// Apply or dry run.
    public var mode: RunMode
    /// Every pair, in plan order.
    public var pairs: [PairOutcome]
    /// Whether this run computed exposure verdicts (dry runs, JSON output, and runs that
    /// connect something do; a no-op apply run does not ask the engine for them).
    public var exposureEvaluated: Bool
    /// What `--ndp-proxy` did to the host's proxy table; nil without it.
    public var proxyNeighbours: ProxyNeighbourOutcome?

    /// Wraps outcomes.
    public init(mode: RunMode, pairs: [PairOutcome], exposureEvaluated: Bool = false) {
        self.mode = mode
        self.pairs = pairs
        self.exposureEvaluated = exposureEvaluated
    }

    /// The outcome of a run: `results` holds what each planned write did, by the write's entry
    /// (a dry run has none). A pair with a planned write and no result was not written.
    /// `exposures` holds the verdicts by pair, nil when the run did not compute them; pairs that
    /// end as problems get none.
    public init(
        plan: Plan, mode: RunMode, fixDrift: Bool, results: [PlanEntryKey: WriteResult] = [:],
        exposures: [PlanEntryKey: ExposureVerdict]? = nil
    ) {
        self.mode = mode
        self.exposureEvaluated = exposures != nil
        self.pairs = plan.entries.map { entry in
            var outcome = RunOutcome.pair(entry, mode: mode, fixDrift: fixDrift, result: results[PlanEntryKey(entry)])
            if outcome.status != .problem { outcome.exposure = exposures?[PlanEntryKey(entry)] }
            return outcome
        }
    }

    /// Where one pair stands, from its plan entry and what its write did.
    private static func pair(_ entry: PlanEntry, mode: RunMode, fixDrift: Bool, result: WriteResult?) -> PairOutcome {
        switch (entry.action, mode, result) {
        case (.inSync, _, _): return PairOutcome(entry: entry, status: .inSync)
        case (.problem(let problem), _, _): return PairOutcome(entry: entry, status: .problem, problem: problem)
        case (.connect, .dryRun, _): return PairOutcome(entry: entry, status: .connect)
        case (.drift, .dryRun, _): return PairOutcome(entry: entry, status: fixDrift ? .reconnect : .drift)
        case (.drift, .apply, _) where !fixDrift: return PairOutcome(entry: entry, status: .drift)
        case (_, .apply, .failed(let problem)?): return PairOutcome(entry: entry, status: .problem, problem: problem)
        case (.connect, .apply, .done?):
            return PairOutcome(entry: entry, status: .connected)
        case (.drift, .apply, .done?):
            return PairOutcome(entry: entry, status: .reconnected)
        case (_, .apply, .alreadyInSync?):
            // Another run connected it first: this run changed nothing, and says so.
            return PairOutcome(entry: entry, status: .inSync)
        case (.connect, .apply, nil), (.drift, .apply, nil):
            // The shell stops writing when the engine is lost; say so rather than pretend.
            let operation = entry.action == .connect ? "connect" : "reconnect"
            return PairOutcome(entry: entry, status: .problem,
                problem: .writeNotDone(operation: operation, cause: "an earlier write lost the engine"))
        }
    }

    /// How many pairs stand at each status.
    public func count(_ status: PairStatus) -> Int {
        pairs.count { $0.status == status }
    }

    /// The exit status: problems (and drift left alone by an apply run) first, then pending
    /// changes of a dry run, else success.
    public var exitStatus: ExitStatus {
        if count(.problem) > 0 || proxyNeighbours?.hasProblems == true { return .problems }
        switch mode {
        case .apply: return count(.drift) > 0 ? .problems : .success
        case .dryRun:
            let pending = count(.connect) + count(.drift) + count(.reconnect) > 0 || proxyNeighbours?.hasPendingChanges == true
            return pending ? .pendingChanges : .success
        }
    }
}

/// Identifies a plan entry across plan, writes and results.
public struct PlanEntryKey: Hashable, Sendable {
    /// The container's ID.
    public let containerID: String
    /// The network's ID, or the reference for unresolved networks.
    public let network: String

    /// The key of `entry`.
    public init(_ entry: PlanEntry) {
        self.containerID = entry.containerID
        self.network = entry.networkID ?? entry.network
    }
}

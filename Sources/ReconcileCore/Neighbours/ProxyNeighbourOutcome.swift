/// What `--ndp-proxy` did, or would do, to the host's proxy table in one run: the plan, and in an
/// apply run what each change did.
public struct ProxyNeighbourOutcome: Hashable, Sendable {
    /// The diff against the host's proxy table; nil when the table could not be read (see
    /// ``unavailable``).
    public var plan: ProxyNeighbourPlan?
    /// Why the table could not be read or changed at all, with the fix; nil when it could.
    public var unavailable: ProxyNeighbourPlan.Obstacle?
    /// The changes the kernel refused, with its reason, by entry (apply runs).
    public var failures: [ProxyNeighbourPlan.Entry: String]
    /// Whether the changes were made (an apply run) or only planned (a dry run).
    public var applied: Bool

    /// Builds an outcome.
    public init(
        plan: ProxyNeighbourPlan?, unavailable: ProxyNeighbourPlan.Obstacle? = nil,
        failures: [ProxyNeighbourPlan.Entry: String] = [:], applied: Bool
    ) {
        self.plan = plan
        self.unavailable = unavailable
        self.failures = failures
        self.applied = applied
    }

    /// The entries added (or to add), without those that failed.
    public var additions: [ProxyNeighbourPlan.Entry] { (plan?.additions ?? []).filter { failures[$0] == nil } }
    /// The entries removed (or to remove), without those that failed.
    public var removals: [ProxyNeighbourPlan.Entry] { (plan?.removals ?? []).filter { failures[$0] == nil } }

    /// What stops addresses from being answered: the plan's obstacles and the reason the table
    /// could not be used at all.
    public var obstacles: [ProxyNeighbourPlan.Obstacle] { (unavailable.map { [$0] } ?? []) + (plan?.obstacles ?? []) }

    /// Whether anything is wrong: a refused change or an obstacle.
    public var hasProblems: Bool { !failures.isEmpty || !obstacles.isEmpty }

    /// Whether a dry run found changes to make.
    public var hasPendingChanges: Bool { !applied && !(plan?.isInSync ?? true) }

    /// The report's lines for the changes: `proxy`/`unproxy` in a dry run, `proxied`/`unproxied`
    /// in an apply run, and `problem` lines for refusals and obstacles when `problemsInline`.
    public func lines(problemsInline: Bool) -> [String] {
        var lines: [String] = []
        for entry in additions {
            let network = entry.network.isEmpty ? "" : " for \(quotedIfNeeded(entry.network))"
            lines.append((applied ? "proxied      " : "proxy        ") + "\(entry)\(network)")
        }
        for entry in removals { lines.append((applied ? "unproxied    " : "unproxy      ") + "\(entry) (no labelled container has it)") }
        guard problemsInline else { return lines }
        for condition in conditions(scope: "") { lines.append("problem      \(condition.containerName) on \(condition.network): \(condition.text)") }
        return lines
    }

    /// The summary clause, e.g. `proxy entries: 1 added, 0 removed, 2 kept`.
    public var summary: String {
        let kept = plan?.present.count ?? 0
        let verb = applied ? ("added", "removed") : ("to add", "to remove")
        return "proxy entries: \(additions.count) \(verb.0), \(removals.count) \(verb.1), \(kept) kept"
            + (hasProblems ? ", \(failures.count + obstacles.count) problems" : "")
    }

    /// The conditions an apply run logs once: each refused change and each obstacle.
    public func conditions(scope: String) -> [Condition] {
        var result: [Condition] = []
        for obstacle in obstacles {
            result.append(Condition(
                scope: scope, key: "ndp-proxy/" + obstacle.network, containerName: "proxy NDP",
                network: obstacle.network.isEmpty ? "this host" : obstacle.network,
                text: "problem: \(obstacle.message) (fix: \(obstacle.fix))"))
        }
        for (entry, reason) in failures.sorted(by: { $0.key < $1.key }) {
            let verb = (plan?.additions.contains(entry) ?? false) ? "add" : "remove"
            result.append(Condition(
                scope: scope, key: "ndp-proxy/\(entry.address)/\(entry.interface)", containerName: "proxy NDP",
                network: entry.network.isEmpty ? entry.interface : entry.network,
                text: "problem: cannot \(verb) the proxy entry for \(entry): \(reason)"))
        }
        return result
    }
}

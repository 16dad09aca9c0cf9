/// The machine report: one JSON document per run. Keys are written in a fixed order by hand so the
/// output is stable across toolchains; the schema is documented in the README and versioned by
/// `schemaVersion`.
public enum JSONReport {
    /// The schema version; bumped on any incompatible change.
    public static let schemaVersion = 1

    /// The document for `outcome`, without a trailing newline. `exitStatus` is the status the
    /// process exits with, when the shell knows better than the outcome (an engine lost mid-run).
    public static func document(for outcome: RunOutcome, exitStatus: ExitStatus? = nil) -> String {
        var counts: [String] = []
        for status in PairStatus.allCases {
            counts.append("\(string(status.rawValue)):\(outcome.count(status))")
        }
        let pairs = outcome.pairs.map { pair in
            let entry = pair.entry
            let fields = [
                "\"containerId\":" + string(entry.containerID),
                "\"containerName\":" + string(entry.containerName),
                "\"network\":" + string(entry.network),
                "\"networkId\":" + optional(entry.networkID),
                "\"desiredAddress\":" + optional(entry.desired?.description),
                "\"currentAddress\":" + optional(entry.current?.description),
                "\"connected\":" + (entry.connected ? "true" : "false"),
                "\"status\":" + string(pair.status.rawValue),
                "\"reason\":" + optional(pair.problem?.description),
                "\"exposure\":" + exposure(pair.exposure),
            ]
            return "{" + fields.joined(separator: ",") + "}"
        }
        let neighbours = outcome.proxyNeighbours.map { ",\"proxyNeighbours\":" + proxyNeighbours($0) } ?? ""
        return "{\"schemaVersion\":\(schemaVersion),\"mode\":\(string(outcome.mode.rawValue)),"
            + "\"exitStatus\":\((exitStatus ?? outcome.exitStatus).rawValue),\"summary\":{\(counts.joined(separator: ","))},"
            + "\"pairs\":[\(pairs.joined(separator: ","))]\(neighbours)}"
    }

    /// `{"add":[ENTRY],"remove":[ENTRY],"present":[ENTRY],"failed":[ENTRY+reason],"obstacles":[{network,message,fix}]}`,
    /// an ENTRY being `{"address","interface","network"}` (`network` null for a removal): with
    /// `--ndp-proxy` only. In an apply run `add` and `remove` are what was done.
    private static func proxyNeighbours(_ outcome: ProxyNeighbourOutcome) -> String {
        func entry(_ entry: ProxyNeighbourPlan.Entry, reason: String? = nil) -> String {
            "{\"address\":\(string(entry.address.description)),\"interface\":\(string(entry.interface)),"
                + "\"network\":\(optional(entry.network.isEmpty ? nil : entry.network))"
                + (reason.map { ",\"reason\":" + string($0) } ?? "") + "}"
        }
        func list(_ entries: [ProxyNeighbourPlan.Entry]) -> String { "[" + entries.map { entry($0) }.joined(separator: ",") + "]" }
        let failed = outcome.failures.sorted { $0.key < $1.key }.map { entry($0.key, reason: $0.value) }
        let obstacles = outcome.obstacles.map { obstacle in
            "{\"network\":\(optional(obstacle.network.isEmpty ? nil : obstacle.network)),\"message\":\(string(obstacle.message)),\"fix\":\(string(obstacle.fix))}"
        }
        return "{\"add\":\(list(outcome.additions)),\"remove\":\(list(outcome.removals)),\"present\":\(list(outcome.plan?.present ?? [])),"
            + "\"failed\":[\(failed.joined(separator: ","))],\"obstacles\":[\(obstacles.joined(separator: ","))]}"
    }

    /// `{"reachable": true|false|null, "ports": [...]|null, "reason": "..."|null}`, or null for a
    /// pair without a verdict (a problem).
    private static func exposure(_ verdict: ExposureVerdict?) -> String {
        guard let verdict else { return "null" }
        let reachable = verdict.reachable.map { $0 ? "true" : "false" } ?? "null"
        let ports = verdict.ports.map { "[" + $0.map(string).joined(separator: ",") + "]" } ?? "null"
        return "{\"reachable\":\(reachable),\"ports\":\(ports),\"reason\":\(string(verdict.reason))}"
    }

    private static func optional(_ text: String?) -> String {
        text.map(string) ?? "null"
    }

    private static func string(_ text: String) -> String { jsonStringLiteral(text) }
}

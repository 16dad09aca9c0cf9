import ReconcileCore

/// The broken state a half-made endpoint leaves on Podman (see `InspectionMismatch.swift`), as a
/// run saw it: the failure, the endpoints it names, and the inspect of each network that could
/// hold the broken one, which the survey fetched. What it says, and the exact command that
/// clears it, are derived from these values alone. Nothing is cleared here: a list cannot tell
/// whether this tool made the endpoint.
public struct BrokenEndpointState: Hashable, Sendable {
    /// The list or inspect that failed.
    public let failure: EngineError
    /// Every endpoint the failure names, the good ones too.
    public let endpoints: [EngineDialect.HalfMadeEndpoint]
    /// The inspect of each candidate's network, by network name; missing where it failed too
    /// (Podman 4.3 fails the inspect of every network the container is on).
    public let inspected: [String: [NetworkAttachment]]
    /// The engine's default network, which never holds a static address.
    public let defaultNetwork: String

    /// Builds the state.
    public init(
        failure: EngineError, endpoints: [EngineDialect.HalfMadeEndpoint], inspected: [String: [NetworkAttachment]],
        defaultNetwork: String
    ) {
        self.failure = failure
        self.endpoints = endpoints
        self.inspected = inspected
        self.defaultNetwork = defaultNetwork
    }

    /// The endpoints that may be the broken one: those with static addresses (a refused connect
    /// at a given address is what leaves one), never on the default network. Their networks are
    /// the ones to inspect.
    public static func candidates(_ endpoints: [EngineDialect.HalfMadeEndpoint], defaultNetwork: String) -> [EngineDialect.HalfMadeEndpoint] {
        endpoints.filter { !$0.addresses.isEmpty && $0.network != defaultNetwork }
    }

    /// The candidates left once every network whose inspect lists the container at that address
    /// is known to hold a good endpoint (a wrong command would take a working address offline),
    /// and the container's name where an inspect gave it.
    private var suspects: (endpoints: [EngineDialect.HalfMadeEndpoint], containerName: String?) {
        var name: String?
        let suspects = Self.candidates(endpoints, defaultNetwork: defaultNetwork).filter { endpoint in
            guard let attached = inspected[endpoint.network] else { return true }
            let own = attached.filter { $0.containerID.hasPrefix(endpoint.containerID) }
            if let found = own.first { name = found.containerName }
            return !own.contains { attachment in endpoint.addresses.contains { $0 == attachment.address?.description } }
        }
        return (suspects, name)
    }

    /// What happened and the exact command that clears it, as a clause that starts with `; `.
    public var hint: String {
        let (candidates, name) = suspects
        guard let first = candidates.first else {
            return "; Podman's state for a container is inconsistent (network inspection mismatch); clear the endpoint a refused connect left with: docker network disconnect -f NETWORK CONTAINER"
        }
        let container = name.map { "\(quoted($0)) (\(first.containerID))" } ?? first.containerID
        let reference = name.map(quotedIfNeeded) ?? first.containerID
        let commands = candidates.map { "docker network disconnect -f \(quotedIfNeeded($0.network)) \(reference)" }
        let what = candidates.map { "on \(quoted($0.network)) at \($0.addresses.joined(separator: ", "))" }
        let clear = candidates.count == 1
            ? "clear it with: \(commands[0])"
            // Podman 4.3 fails the inspect of every network the container is on, so the good
            // endpoints cannot be told from the broken one; say so rather than guess.
            : "Podman does not say which of these it is, and disconnecting a good one takes that address offline until this tool's next run reconnects it (for a network its label names); clear it with one of: \(commands.joined(separator: ", or "))"
        return "; Podman kept a half-made endpoint of container \(container) (\(what.joined(separator: " or "))) after refusing a connect, and fails every list that includes it until it is gone; \(clear) (Podman may answer that disconnect with an error, netavark: : EOF, and still clear it)"
    }

    /// The fix alone, for `--check`.
    public var fix: String { String(hint.dropFirst(2)) }

    /// The info line of a run that got around it by doing `workaround` instead.
    public func workedAroundLine(_ workaround: String) -> String {
        "\(failure.operation) failed (network inspection mismatch\(hint)); \(workaround)"
    }

    /// The condition a run that got around it logs once through the state file, keyed by the
    /// first endpoint with a static address off the default network.
    public var condition: Condition {
        let endpoint = Self.candidates(endpoints, defaultNetwork: defaultNetwork).first
        return Condition(
            key: "engine/podman/" + (endpoint.map { $0.containerID + "/" + $0.network } ?? "state"),
            containerName: endpoint?.containerID ?? "Podman", network: endpoint?.network ?? "its networks",
            text: "Podman's lists fail (network inspection mismatch)" + hint)
    }
}

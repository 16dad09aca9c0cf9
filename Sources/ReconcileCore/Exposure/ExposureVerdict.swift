/// Whether a pair's address answers from outside the host, and why: the address is only a means,
/// what users want is the container answering there.
public enum ExposureVerdict: Hashable, Sendable {
    /// Nothing in the engine filters the address; the host's own firewall decides.
    case reachableOnAllPorts(reason: String)
    /// The engine's firewall opens these ports (`80/tcp`) of the address, and drops the rest.
    case reachableOnPorts([String], reason: String)
    /// Nothing reaches the address; `fix` is the exact change that makes it reachable.
    case notReachable(reason: String, fix: String)
    /// The engine does not say enough to tell.
    case unknown(reason: String)

    /// JSON's `reachable`: true, false, or nil when unknown.
    public var reachable: Bool? {
        switch self {
        case .reachableOnAllPorts, .reachableOnPorts: true
        case .notReachable: false
        case .unknown: nil
        }
    }

    /// JSON's `ports`: the open ports, nil for all ports (or none known).
    public var ports: [String]? {
        if case .reachableOnPorts(let ports, _) = self { return ports }
        return nil
    }

    /// JSON's `reason`: why, and for an unreachable address the fix.
    public var reason: String {
        switch self {
        case .reachableOnAllPorts(let reason), .reachableOnPorts(_, let reason), .unknown(let reason): reason
        case .notReachable(let reason, let fix): "\(reason); fix: \(fix)"
        }
    }

    /// One clause for the text report, e.g. `reachable on 80/tcp only (...)`.
    public var summary: String {
        switch self {
        case .reachableOnAllPorts(let reason): "reachable on all ports (\(reason))"
        case .reachableOnPorts(let ports, let reason): "reachable on \(ports.joined(separator: ", ")) only (\(reason))"
        case .notReachable: "not reachable: \(reason)"  // with the fix
        case .unknown(let reason): "reachability unknown: \(reason)"
        }
    }
}

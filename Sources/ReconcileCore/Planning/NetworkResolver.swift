/// Finds the network a label means, the way `docker network connect` does: exact ID first, then
/// exact name, then a unique ID prefix. Indexes the networks once per run, and works out each
/// network's IPv6 prefix once, not once per container that names it.
public struct NetworkResolver: Sendable {
    private let networks: [ObservedNetwork]
    private let byID: [String: ObservedNetwork]
    private let byName: [String: [ObservedNetwork]]
    private let prefixes: [String: Result<NetworkPrefix, Problem>]

    /// Indexes the observed networks.
    public init(networks: [ObservedNetwork]) {
        self.networks = networks
        self.byID = Dictionary(networks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.byName = Dictionary(grouping: networks, by: \.name)
        self.prefixes = Dictionary(networks.map { ($0.id, NetworkPrefix.of($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The network `reference` names, or the problem that prevents knowing it.
    public func resolve(_ reference: String) -> Result<ObservedNetwork, Problem> {
        if let network = byID[reference] { return .success(network) }
        let named = byName[reference] ?? []
        if named.count == 1 { return .success(named[0]) }
        if named.count > 1 {
            return .failure(.networkAmbiguous(reference: reference, candidates: named.map { String($0.id.prefix(12)) }.sorted()))
        }
        let byPrefix = networks.filter { $0.id.hasPrefix(reference) }
        if byPrefix.count == 1 { return .success(byPrefix[0]) }
        if byPrefix.count > 1 {
            return .failure(.networkAmbiguous(reference: reference, candidates: byPrefix.map(\.name).sorted()))
        }
        return .failure(.networkNotFound(reference: reference))
    }

    /// The IPv6 prefix of a network this resolver returned (see ``NetworkPrefix/of(_:)``).
    public func prefix(of network: ObservedNetwork) -> Result<NetworkPrefix, Problem> {
        prefixes[network.id] ?? NetworkPrefix.of(network)
    }
}

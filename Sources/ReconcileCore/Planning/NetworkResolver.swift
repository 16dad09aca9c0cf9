/// Finds the network a label means, the way `docker network connect` does: exact ID first, then
/// exact name, then a unique ID prefix.
public struct NetworkResolver: Sendable {
    private let networks: [ObservedNetwork]

    /// Indexes the observed networks.
    public init(networks: [ObservedNetwork]) {
        self.networks = networks
    }

    /// The network `reference` names, or the problem that prevents knowing it.
    public func resolve(_ reference: String) -> Result<ObservedNetwork, Problem> {
        if let byID = networks.first(where: { $0.id == reference }) { return .success(byID) }
        let byName = networks.filter { $0.name == reference }
        if byName.count == 1 { return .success(byName[0]) }
        if byName.count > 1 {
            return .failure(.networkAmbiguous(reference: reference, candidates: byName.map { String($0.id.prefix(12)) }.sorted()))
        }
        let byPrefix = networks.filter { $0.id.hasPrefix(reference) }
        if byPrefix.count == 1 { return .success(byPrefix[0]) }
        if byPrefix.count > 1 {
            return .failure(.networkAmbiguous(reference: reference, candidates: byPrefix.map(\.name).sorted()))
        }
        return .failure(.networkNotFound(reference: reference))
    }
}

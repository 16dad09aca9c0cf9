import ReconcileCore

extension EngineDialect {
    /// The containers with every endpoint naming its network by ID. An endpoint whose network ID
    /// is no network's ID but one network's name gets that network's ID: Podman 4.3 writes the
    /// network's name in `NetworkSettings.Networks.*.NetworkID` (5.4 writes the ID), and the plan
    /// compares by ID, so without this its containers would never look connected and every run
    /// would connect them again (Podman then answers 500 "already connected").
    public static func endpointsByNetworkID(_ containers: [ObservedContainer], networks: [ObservedNetwork]) -> [ObservedContainer] {
        let ids = Set(networks.map(\.id))
        var idByName: [String: String] = [:]
        for network in networks where idByName[network.name] == nil { idByName[network.name] = network.id }
        return containers.map { container in
            var container = container
            for index in container.endpoints.indices {
                let reference = container.endpoints[index].networkID
                if !ids.contains(reference), let id = idByName[reference] { container.endpoints[index].networkID = id }
            }
            return container
        }
    }
}

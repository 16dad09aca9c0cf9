#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ReconcileCore

/// The raw JSON shapes of the engine's answers, as narrow as reconciling allows: every field is
/// optional (an engine may send `null` for any object), unknown fields are ignored by Decodable,
/// and the domain models keep only what we manage.
enum WireModels {
    /// An item of `GET /containers/json`.
    struct ContainerSummary: Decodable {
        let Id: String
        let Names: [String]?
        let Labels: [String: String]?
        let NetworkSettings: NetworkSettingsSummary?
    }

    /// `NetworkSettings` of a container summary.
    struct NetworkSettingsSummary: Decodable {
        let Networks: [String: EndpointSettings?]?
    }

    /// One endpoint in `NetworkSettings.Networks`.
    struct EndpointSettings: Decodable {
        let NetworkID: String?
        let GlobalIPv6Address: String?
    }

    /// An item of `GET /networks`.
    struct NetworkSummary: Decodable {
        let Id: String
        let Name: String?
        let IPAM: IPAMSettings?
    }

    /// A network's `IPAM`.
    struct IPAMSettings: Decodable {
        let Config: [IPAMConfigEntry?]?
    }

    /// One `IPAM.Config` entry.
    struct IPAMConfigEntry: Decodable {
        let Subnet: String?
        let Gateway: String?
    }

    /// `GET /networks/{id}`: only the containers attached.
    struct NetworkInspect: Decodable {
        let Containers: [String: NetworkContainer?]?
    }

    /// A container in a network inspect.
    struct NetworkContainer: Decodable {
        let Name: String?
        let IPv6Address: String?
    }

    /// An error body, `{"message": "..."}`.
    struct ErrorBody: Decodable {
        let message: String?
    }

    /// The container's name: Docker lists `/name` plus `/other/alias` for legacy links; the one
    /// without a second slash is the container's own.
    static func containerName(_ names: [String]?) -> String {
        let names = names ?? []
        let own = names.first { $0.dropFirst().firstIndex(of: "/") == nil } ?? names.first ?? ""
        return own.hasPrefix("/") ? String(own.dropFirst()) : own
    }

    /// Maps a container summary into the domain model.
    static func observed(_ summary: ContainerSummary) -> ObservedContainer {
        let endpoints = (summary.NetworkSettings?.Networks ?? [:]).compactMap { _, settings -> ObservedEndpoint? in
            guard let settings, let networkID = settings.NetworkID, !networkID.isEmpty else { return nil }
            return ObservedEndpoint(networkID: networkID, ipv6Address: settings.GlobalIPv6Address ?? "")
        }
        return ObservedContainer(
            id: summary.Id, name: containerName(summary.Names), labels: summary.Labels ?? [:],
            endpoints: endpoints.sorted { $0.networkID < $1.networkID })
    }

    /// Maps a network summary into the domain model.
    static func observed(_ summary: NetworkSummary) -> ObservedNetwork {
        let pools = (summary.IPAM?.Config ?? []).compactMap { entry -> IPAMPool? in
            guard let entry, let subnet = entry.Subnet, !subnet.isEmpty else { return nil }
            return IPAMPool(subnet: subnet, gateway: entry.Gateway ?? "")
        }
        return ObservedNetwork(id: summary.Id, name: summary.Name ?? "", ipamPools: pools)
    }
}

import Foundation

/// One endpoint of a container, as `docker inspect` shows it under `NetworkSettings.Networks`.
/// The tests compare these before and after runs: an unchanged `endpointID` proves the endpoint
/// was not disconnected and connected again.
struct EndpointSnapshot: Hashable, Sendable {
    /// The network's full ID.
    let networkID: String
    /// The endpoint's ID; a reconnect changes it.
    let endpointID: String
    /// The IPv4 address (the engine picks one from its pool).
    let ipv4Address: String
    /// `GlobalIPv6Address`, empty when the endpoint has none.
    let ipv6Text: String
    /// `GlobalIPv6PrefixLen`.
    let ipv6PrefixLength: Int

    /// The IPv6 address as a number, nil when there is none.
    var ipv6: IPv6Value? { IPv6Value(ipv6Text) }
}

/// One container attached to a network, as `docker network inspect` shows it under `Containers`.
struct AttachmentSnapshot: Hashable, Sendable {
    /// The container's full ID (the key of `Containers`).
    let containerID: String
    /// The container's name.
    let name: String
    /// The endpoint's ID.
    let endpointID: String
    /// The IPv6 address without its prefix length, empty when none.
    let ipv6Text: String

    /// The IPv6 address as a number, nil when there is none.
    var ipv6: IPv6Value? { IPv6Value(ipv6Text) }
}

/// The engine's real state, read with `docker inspect` and parsed with JSONSerialization: what
/// the tests assert on, rather than on what the tool says it did.
extension DockerCLI {
    /// The container's endpoints, by network name.
    func endpoints(ofContainer container: String) async throws -> [String: EndpointSnapshot] {
        let text = try await check("inspect", "--type", "container", "-f", "{{json .NetworkSettings.Networks}}", container)
        let networks = try Self.jsonObject(text, what: "NetworkSettings.Networks of \(container)")
        var result: [String: EndpointSnapshot] = [:]
        for (name, value) in networks {
            guard let endpoint = value as? [String: Any] else { continue }
            result[name] = EndpointSnapshot(
                networkID: endpoint["NetworkID"] as? String ?? "",
                endpointID: endpoint["EndpointID"] as? String ?? "",
                ipv4Address: endpoint["IPAddress"] as? String ?? "",
                ipv6Text: endpoint["GlobalIPv6Address"] as? String ?? "",
                ipv6PrefixLength: (endpoint["GlobalIPv6PrefixLen"] as? NSNumber)?.intValue ?? -1)
        }
        return result
    }

    /// The containers attached to a network, sorted by name.
    func attachments(ofNetwork network: String) async throws -> [AttachmentSnapshot] {
        let text = try await check("network", "inspect", "-f", "{{json .Containers}}", network)
        let containers = try Self.jsonObject(text == "null" ? "{}" : text, what: "Containers of network \(network)")
        return containers.compactMap { id, value -> AttachmentSnapshot? in
            guard let container = value as? [String: Any] else { return nil }
            let address = (container["IPv6Address"] as? String ?? "").split(separator: "/").first.map(String.init) ?? ""
            return AttachmentSnapshot(
                containerID: id, name: container["Name"] as? String ?? "",
                endpointID: container["EndpointID"] as? String ?? "", ipv6Text: address)
        }.sorted { $0.name < $1.name }
    }

    /// A container's full ID.
    func containerID(_ container: String) async throws -> String {
        try await check("inspect", "--type", "container", "-f", "{{.Id}}", container)
    }

    /// A network's full ID.
    func networkID(_ network: String) async throws -> String {
        try await check("network", "inspect", "-f", "{{.Id}}", network)
    }

    /// Parses a JSON object, or throws saying which inspect output was not one.
    static func jsonObject(_ text: String, what: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw InspectionError(description: "\(what) is not a JSON object: \(text)")
        }
        return object
    }
}

/// An inspect answer was not what the engine documents.
struct InspectionError: Error, CustomStringConvertible {
    /// What was wrong, with the text.
    let description: String
}

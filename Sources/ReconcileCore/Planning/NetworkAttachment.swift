/// A container attached to a network, from a network inspect.
public struct NetworkAttachment: Hashable, Sendable {
    /// The container's ID.
    public let containerID: String
    /// The container's name.
    public let containerName: String
    /// Its IPv6 address on the network, if any.
    public let address: IPv6Address?

    /// Builds an attachment.
    public init(containerID: String, containerName: String, address: IPv6Address?) {
        self.containerID = containerID
        self.containerName = containerName
        self.address = address
    }

    /// Whether this is the endpoint of the container with `id` and `name`. By name too: while a
    /// connect is still being made (or after one went wrong), Docker 20.10 lists the endpoint under
    /// `ep-<endpoint ID>` instead of the container's ID, with the container's name; names are
    /// unique on an engine, so such an endpoint is the container's, not a holder's.
    public func belongs(toContainer id: String, named name: String) -> Bool {
        containerID == id || (!name.isEmpty && containerName == name)
    }
}

/// Who holds an address on one network, as its inspect lists it: the one rule the plan's holder
/// check and the applier's refused connects both go by.
public struct AddressHolders: Hashable, Sendable {
    /// The network's attachments.
    public let attachments: [NetworkAttachment]

    /// Wraps a network's attachments.
    public init(_ attachments: [NetworkAttachment]) {
        self.attachments = attachments
    }

    /// Another container's endpoint at `address`, for the pair of container `id` named `name`.
    public func otherHolder(of address: IPv6Address, forContainer id: String, named name: String) -> NetworkAttachment? {
        attachments.first { $0.address == address && !$0.belongs(toContainer: id, named: name) }
    }

    /// The container's own endpoints (by ID, or by name while half made).
    public func own(container id: String, named name: String) -> [NetworkAttachment] {
        attachments.filter { $0.belongs(toContainer: id, named: name) }
    }

    /// Whether the container's own endpoint is at `address`.
    public func holds(_ address: IPv6Address, container id: String, named name: String) -> Bool {
        own(container: id, named: name).contains { $0.address == address }
    }
}

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

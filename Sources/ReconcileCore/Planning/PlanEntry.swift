/// One (container, network) pair of a plan: what the container should have on that network, what
/// it has, and what to do about it.
public struct PlanEntry: Hashable, Sendable {
    /// The container's full ID.
    public var containerID: String
    /// The container's name.
    public var containerName: String
    /// The network's name when it was resolved, else the reference as the label wrote it.
    public var network: String
    /// The network's full ID when it was resolved.
    public var networkID: String?
    /// The address the container should have there, when it could be computed.
    public var desired: IPv6Address?
    /// The IPv6 address the container has there now, when it is connected and has one.
    public var current: IPv6Address?
    /// Whether the container is connected to the network at all.
    public var connected: Bool
    /// What the plan says.
    public var action: PlannedAction
    /// The `GwPriority` of its endpoint there (0 when not connected, or on engines before API
    /// 1.48): a reconnect (`--fix-drift`) carries it over, or the engine would reset it to 0 and
    /// the container could get another default gateway.
    public var gatewayPriority: Int = 0

    /// Builds an entry.
    public init(
        containerID: String, containerName: String, network: String, networkID: String?,
        desired: IPv6Address?, current: IPv6Address?, connected: Bool, action: PlannedAction
    ) {
        self.containerID = containerID
        self.containerName = containerName
        self.network = network
        self.networkID = networkID
        self.desired = desired
        self.current = current
        self.connected = connected
        self.action = action
    }
}

/// The verdict on one pair.
public enum PlannedAction: Hashable, Sendable {
    /// Connected at the desired address: nothing to do.
    case inSync
    /// Not connected: connect at the desired address.
    case connect
    /// Connected at another address (or without one): reported, repaired only with `--fix-drift`.
    case drift
    /// Cannot be brought in sync; the reason says why.
    case problem(Problem)
}

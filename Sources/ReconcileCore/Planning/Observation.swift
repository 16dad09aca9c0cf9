/// What one run saw of the engine: the running labelled containers and every network. The Docker
/// adapter decodes the engine's JSON into these narrow values and drops everything else.
public struct Observation: Hashable, Sendable {
    /// Running containers that carry the network label.
    public var containers: [ObservedContainer]
    /// All networks the engine knows.
    public var networks: [ObservedNetwork]

    /// Wraps what was observed.
    public init(containers: [ObservedContainer], networks: [ObservedNetwork]) {
        self.containers = containers
        self.networks = networks
    }
}

/// A running container, as far as reconciling needs it.
public struct ObservedContainer: Hashable, Sendable {
    /// The engine's full container ID.
    public var id: String
    /// The name without Docker's leading `/`.
    public var name: String
    /// All labels (only ours are read).
    public var labels: [String: String]
    /// The container's endpoints, one per network it is connected to.
    public var endpoints: [ObservedEndpoint]

    /// Builds an observed container.
    public init(id: String, name: String, labels: [String: String], endpoints: [ObservedEndpoint]) {
        self.id = id
        self.name = name
        self.labels = labels
        self.endpoints = endpoints
    }
}

/// A container's attachment to one network.
public struct ObservedEndpoint: Hashable, Sendable {
    /// The network's full ID.
    public var networkID: String
    /// The IPv6 address the endpoint has, as the engine wrote it (empty when it has none).
    public var ipv6Address: String

    /// Builds an endpoint.
    public init(networkID: String, ipv6Address: String) {
        self.networkID = networkID
        self.ipv6Address = ipv6Address
    }
}

/// A network, as far as reconciling needs it.
public struct ObservedNetwork: Hashable, Sendable {
    /// The full network ID.
    public var id: String
    /// The network's name.
    public var name: String
    /// The IPAM pools, IPv4 and IPv6 alike, in the order the engine listed them (which is not
    /// guaranteed: the Python tool's reading of index 1 broke on it).
    public var ipamPools: [IPAMPool]

    /// Builds a network.
    public init(id: String, name: String, ipamPools: [IPAMPool]) {
        self.id = id
        self.name = name
        self.ipamPools = ipamPools
    }
}

/// One `IPAM.Config` entry, as text: the core parses it, so that odd spellings are table-tested.
public struct IPAMPool: Hashable, Sendable {
    /// `Subnet`, e.g. `2001:db8:1:1::/80` or `198.18.0.0/24`.
    public var subnet: String
    /// `Gateway`, empty when the engine lists none.
    public var gateway: String

    /// Builds a pool entry.
    public init(subnet: String, gateway: String = "") {
        self.subnet = subnet
        self.gateway = gateway
    }
}

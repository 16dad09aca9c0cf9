/// What one run saw of the engine: the running labelled containers and every network. The engine
/// adapter decodes the engine's JSON into these narrow values and drops everything else; every
/// endpoint names its network by the network's ID.
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
    /// The ports it publishes (`Ports` entries that have a host address), which decide what
    /// Docker 28's firewall lets through to a routed network.
    public var publishedPorts: [PublishedPort]

    /// Builds an observed container.
    public init(
        id: String, name: String, labels: [String: String], endpoints: [ObservedEndpoint],
        publishedPorts: [PublishedPort] = []
    ) {
        self.id = id
        self.name = name
        self.labels = labels
        self.endpoints = endpoints
        self.publishedPorts = publishedPorts
    }
}

/// One published port of a container, as the container list gives it: `-p 8080:80` is listed
/// once per host address family, `{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080}` and
/// `{"IP":"::","PrivatePort":80,...}`.
public struct PublishedPort: Hashable, Sendable {
    /// The port inside the container (`PrivatePort`): the one a routed address answers on.
    public var containerPort: Int
    /// `tcp`, `udp` or `sctp`.
    public var transport: String
    /// The host address it is bound to (`IP`): `0.0.0.0`, `::`, or a specific address; empty
    /// for a binding configured without one (`-p 80:80` in `HostConfig.PortBindings`), which
    /// Docker binds on both families.
    public var hostAddress: String

    /// Builds a published port.
    public init(containerPort: Int, transport: String, hostAddress: String) {
        self.containerPort = containerPort
        self.transport = transport
        self.hostAddress = hostAddress
    }

    /// Whether it is bound to an IPv6 host address (`::` or a specific one): only those open the
    /// container's IPv6 address, as seen on Docker 28.5 (`-p 0.0.0.0:82:82` opened nothing there).
    public var isIPv6: Bool { hostAddress.isEmpty || hostAddress.contains(":") }

    /// `80/tcp`.
    public var description: String { "\(containerPort)/\(transport)" }
}

/// A container's attachment to one network.
public struct ObservedEndpoint: Hashable, Sendable {
    /// The network's full ID.
    public var networkID: String
    /// The IPv6 address the endpoint has, as the engine wrote it (empty when it has none).
    public var ipv6Address: String
    /// `GwPriority` (API 1.48 and later; 0 before): the endpoint with the highest one provides the
    /// container's default gateway, and Docker 28 opens published ports only on that one.
    public var gatewayPriority: Int

    /// Builds an endpoint.
    public init(networkID: String, ipv6Address: String, gatewayPriority: Int = 0) {
        self.networkID = networkID
        self.ipv6Address = ipv6Address
        self.gatewayPriority = gatewayPriority
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
    /// `Internal`: no gateway, nothing outside reaches it.
    public var isInternal: Bool
    /// The option `com.docker.network.bridge.gateway_mode_ipv6` (`nat`, `routed`,
    /// `nat-unprotected`, `isolated`), nil when unset (which Docker 27 and later take as `nat`).
    public var ipv6GatewayMode: String?
    /// The option `com.docker.network.bridge.gateway_mode_ipv4`, nil when unset.
    public var ipv4GatewayMode: String?
    /// `Driver`: `bridge`, `macvlan`, `ipvlan`, ... The exposure rules are the bridge driver's.
    public var driver: String

    /// Builds a network.
    public init(
        id: String, name: String, ipamPools: [IPAMPool], isInternal: Bool = false,
        ipv6GatewayMode: String? = nil, ipv4GatewayMode: String? = nil, driver: String = "bridge"
    ) {
        self.driver = driver
        self.id = id
        self.name = name
        self.ipamPools = ipamPools
        self.isInternal = isInternal
        self.ipv6GatewayMode = ipv6GatewayMode
        self.ipv4GatewayMode = ipv4GatewayMode
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

/// What `--check` read of the host's network namespace: the IPv6 sysctls of `/proc/sys/net/ipv6`
/// and rtnetlink's links, addresses, routes and proxy neighbours. The host adapter fills it; the
/// rules in `HostChecks` and `PrefixDelivery` read it, so they are table-tested without a kernel.
public struct HostNetworkState: Hashable, Sendable {
    /// Every interface of the namespace, loopback included.
    public var interfaces: [HostInterface]
    /// `net.ipv6.conf.all.forwarding`; nil when it could not be read.
    public var allForwarding: Int?
    /// `net.ipv6.conf.all.proxy_ndp`, which the kernel ORs with each interface's own.
    public var allProxyNDP: Int?
    /// The IPv6 addresses of every interface.
    public var addresses: [HostAddress]
    /// The IPv6 routes of the main table.
    public var routes: [HostRoute]
    /// The IPv6 proxy neighbour entries (`ip -6 neigh show proxy`).
    public var proxyNeighbours: [ProxyNeighbour]

    /// Builds a state.
    public init(
        interfaces: [HostInterface], allForwarding: Int?, allProxyNDP: Int? = 0, addresses: [HostAddress] = [],
        routes: [HostRoute] = [], proxyNeighbours: [ProxyNeighbour] = []
    ) {
        self.interfaces = interfaces
        self.allForwarding = allForwarding
        self.allProxyNDP = allProxyNDP
        self.addresses = addresses
        self.routes = routes
        self.proxyNeighbours = proxyNeighbours
    }

    /// The interfaces that are up, loopback aside: a namespace without one (the service's
    /// `PrivateNetwork=yes`) is not the host's, and `--check` judges nothing of it.
    public var interfacesUpBesidesLoopback: [HostInterface] {
        interfaces.filter { !$0.isLoopback && $0.isUp }
    }

    /// The interface with this index.
    public func interface(index: Int) -> HostInterface? {
        interfaces.first { $0.index == index }
    }

    /// Whether the kernel answers for proxy entries on interface `index`: its `proxy_ndp` or
    /// `all`'s is on (the kernel ORs them), both are 0, or nil when one could not be read and the
    /// other is not on (no `/proc/sys`, as under `ProcSubset=pid`): unknown is never taken for off.
    public func proxyNDP(interfaceIndex index: Int) -> Bool? {
        let own = interface(index: index)?.proxyNDP
        if (own ?? 0) > 0 || (allProxyNDP ?? 0) > 0 { return true }
        return own == nil || allProxyNDP == nil ? nil : false
    }

    /// The interface's name, or `if#N` when it went away between the dumps.
    public func interfaceName(index: Int?) -> String {
        guard let index else { return "?" }
        return interface(index: index)?.name ?? "if#\(index)"
    }
}

/// One network interface and its IPv6 sysctls (`/proc/sys/net/ipv6/conf/NAME/*`).
public struct HostInterface: Hashable, Sendable {
    /// `ifindex`.
    public var index: Int
    /// Its name, e.g. `eth0`.
    public var name: String
    /// `IFF_LOOPBACK`.
    public var isLoopback: Bool
    /// `IFF_UP`.
    public var isUp: Bool
    /// `forwarding`; nil when it has no IPv6 (or could not be read).
    public var forwarding: Int?
    /// `accept_ra`: 0 never, 1 only while forwarding is off, 2 even with forwarding on.
    public var acceptRA: Int?
    /// `proxy_ndp`: answer neighbour solicitations for the proxy entries on this interface.
    public var proxyNDP: Int?

    /// Builds an interface.
    public init(
        index: Int, name: String, isLoopback: Bool = false, isUp: Bool = true, forwarding: Int? = nil,
        acceptRA: Int? = nil, proxyNDP: Int? = nil
    ) {
        self.index = index
        self.name = name
        self.isLoopback = isLoopback
        self.isUp = isUp
        self.forwarding = forwarding
        self.acceptRA = acceptRA
        self.proxyNDP = proxyNDP
    }
}

/// One IPv6 address of an interface, with the prefix length it was configured with.
public struct HostAddress: Hashable, Sendable {
    /// The interface's index.
    public var interfaceIndex: Int
    /// The address.
    public var address: IPv6Address
    /// Its prefix length (`/64`).
    public var prefixLength: Int

    /// Builds an address.
    public init(interfaceIndex: Int, address: IPv6Address, prefixLength: Int) {
        self.interfaceIndex = interfaceIndex
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The on-link prefix it implies.
    public var subnet: IPv6Subnet { IPv6Subnet(address: address, prefixLength: prefixLength) }
}

/// One IPv6 route of the main table.
public struct HostRoute: Hashable, Sendable {
    /// Where it leads (`::/0` for the default route).
    public var destination: IPv6Subnet
    /// The next hop (a multipath route's first hop's); nil for an on-link route.
    public var gateway: IPv6Address?
    /// The outgoing interface's index (a multipath route's first hop's); nil for a reject route.
    public var interfaceIndex: Int?
    /// Who made it.
    public var origin: RouteOrigin
    /// Whether it forwards (`RTN_UNICAST`): `unreachable`, `blackhole` and `prohibit` routes,
    /// which a delegated prefix often has on the router, do not.
    public var isUnicast: Bool
    /// Seconds until it expires, for a route learned from a router advertisement; nil when it
    /// does not expire.
    public var expiresInSeconds: Int?

    /// Builds a route.
    public init(
        destination: IPv6Subnet, gateway: IPv6Address? = nil, interfaceIndex: Int?, origin: RouteOrigin,
        isUnicast: Bool = true, expiresInSeconds: Int? = nil
    ) {
        self.destination = destination
        self.gateway = gateway
        self.interfaceIndex = interfaceIndex
        self.origin = origin
        self.isUnicast = isUnicast
        self.expiresInSeconds = expiresInSeconds
    }

    /// Whether it is a default route.
    public var isDefault: Bool { destination.prefixLength == 0 }
}

/// `rtm_protocol`: who made a route.
public enum RouteOrigin: Hashable, Sendable, CustomStringConvertible {
    /// `proto kernel`: the prefix route of an address.
    case kernel
    /// `proto boot`: the init scripts or `ip route add` without a protocol.
    case boot
    /// `proto static`: an administrator's route that routing daemons leave alone.
    case administrator
    /// `proto ra`: learned from a router advertisement.
    case routerAdvertisement
    /// `proto dhcp`.
    case dhcp
    /// Any other number (`proto bird`, `proto 42`).
    case other(Int)

    /// The `rtm_protocol` numbers of `rtnetlink.h`.
    public init(rtmProtocol: Int) {
        switch rtmProtocol {
        case 2: self = .kernel
        case 3: self = .boot
        case 4: self = .administrator
        case 9: self = .routerAdvertisement
        case 16: self = .dhcp
        default: self = .other(rtmProtocol)
        }
    }

    /// `ip route`'s word for it.
    public var description: String {
        switch self {
        case .kernel: "kernel"
        case .boot: "boot"
        case .administrator: "static"
        case .routerAdvertisement: "ra"
        case .dhcp: "dhcp"
        case .other(let number): "\(number)"
        }
    }
}

/// One proxy neighbour entry: the host answers neighbour solicitations for `address` on the
/// interface, so that a router on that link sends the address's packets to the host.
public struct ProxyNeighbour: Hashable, Sendable {
    /// The address answered for.
    public var address: IPv6Address
    /// The interface it is answered on.
    public var interfaceIndex: Int
    /// `NDA_PROTOCOL`: who made it; nil when its maker gave none (`ip -6 neigh add proxy`
    /// without `protocol`).
    public var origin: UInt8?

    /// Builds an entry.
    public init(address: IPv6Address, interfaceIndex: Int, origin: UInt8? = nil) {
        self.address = address
        self.interfaceIndex = interfaceIndex
        self.origin = origin
    }

    /// Whether this tool made it (`--ndp-proxy` marks its own with ``ProxyNeighbourPlan/origin``).
    public var isOwn: Bool { origin == ProxyNeighbourPlan.origin }
}

@testable import HostNetwork
import ReconcileCore
import Testing

/// Decoding rtnetlink's link, address, route and proxy-neighbour messages into the core's host
/// model, from bytes laid out as the kernel's structs, and dropping what `--check` does not judge.
@Suite struct RouteMessagesTests {
    /// The byte builder, short.
    typealias B = NetlinkBytes

    /// The single message in `bytes`, split as a dump answer is.
    static func message(_ bytes: [UInt8]) throws -> NetlinkCodec.Message {
        let messages = try NetlinkCodec.messages(in: bytes)
        try #require(messages.count == 1)
        return messages[0]
    }

    /// Parses an address the test knows to be valid.
    static func address(_ text: String) -> IPv6Address {
        guard let address = IPv6Address(parsing: text) else { fatalError("fixture address \(text) does not parse") }
        return address
    }

    /// Parses a subnet the test knows to be valid.
    static func subnet(_ text: String) -> IPv6Subnet {
        guard let subnet = IPv6Subnet(parsing: text) else { fatalError("fixture subnet \(text) does not parse") }
        return subnet
    }

    // MARK: - Links

    /// `IFLA_IFNAME`, NUL-terminated as the kernel sends it.
    static func name(_ text: String) -> [UInt8] { B.attribute(3, Array(text.utf8) + [0]) }

    /// Link messages and what they decode to (nil: dropped).
    static let links: [(bytes: [UInt8], expected: HostInterface?)] = [
        // lo: IFF_UP | IFF_LOOPBACK | IFF_RUNNING
        (B.message(type: 16, payload: B.ifinfomsg(index: 1, flags: 0x49) + B.attribute(4, uint32: 65536) + name("lo")),
            HostInterface(index: 1, name: "lo", isLoopback: true, isUp: true)),
        // eth0 up: IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST, the name after another attribute
        (B.message(type: 16, payload: B.ifinfomsg(index: 2, flags: 0x1043) + B.attribute(4, uint32: 1500) + name("eth0")),
            HostInterface(index: 2, name: "eth0", isLoopback: false, isUp: true)),
        // a VLAN that is down: IFF_BROADCAST | IFF_MULTICAST only
        (B.message(type: 16, payload: B.ifinfomsg(index: 7, flags: 0x1002) + name("eth0.100")),
            HostInterface(index: 7, name: "eth0.100", isLoopback: false, isUp: false)),
        // a name without its NUL still decodes
        (B.message(type: 16, payload: B.ifinfomsg(index: 3, flags: 0x1) + B.attribute(3, Array("br0".utf8))),
            HostInterface(index: 3, name: "br0", isUp: true)),
        // no IFLA_IFNAME: dropped
        (B.message(type: 16, payload: B.ifinfomsg(index: 4, flags: 0x1) + B.attribute(4, uint32: 1500)), nil),
        // not RTM_NEWLINK (NLMSG_DONE): dropped
        (B.message(type: 3, payload: [0, 0, 0, 0]), nil),
    ]

    /// Each link message decodes to its interface, sysctls left for the reader.
    @Test(arguments: links)
    func link(_ bytes: [UInt8], _ expected: HostInterface?) throws {
        #expect(try RouteMessages.link(Self.message(bytes)) == expected)
    }

    // MARK: - Addresses

    /// Address messages and what they decode to.
    static let addresses: [(bytes: [UInt8], expected: HostAddress?)] = [
        // ::1/128 on lo
        (B.message(type: 20, payload: B.ifaddrmsg(prefixLength: 128, index: 1, scope: 254) + B.attribute(1, address: "::1")),
            HostAddress(interfaceIndex: 1, address: address("::1"), prefixLength: 128)),
        // a global /64 on eth0, with IFA_CACHEINFO after it
        (B.message(type: 20, payload: B.ifaddrmsg(prefixLength: 64, index: 2) + B.attribute(1, address: "2001:db8:aa:bb::10")
            + B.attribute(6, [UInt8](repeating: 0, count: 16))),
            HostAddress(interfaceIndex: 2, address: address("2001:db8:aa:bb::10"), prefixLength: 64)),
        // only IFA_LOCAL: taken
        (B.message(type: 20, payload: B.ifaddrmsg(prefixLength: 80, index: 3) + B.attribute(2, address: "2001:db8:aa:bb:1::1")),
            HostAddress(interfaceIndex: 3, address: address("2001:db8:aa:bb:1::1"), prefixLength: 80)),
        // IFA_ADDRESS wins over IFA_LOCAL
        (B.message(type: 20, payload: B.ifaddrmsg(prefixLength: 64, index: 2) + B.attribute(2, address: "2001:db8::2")
            + B.attribute(1, address: "2001:db8::1")),
            HostAddress(interfaceIndex: 2, address: address("2001:db8::1"), prefixLength: 64)),
        // AF_INET: dropped
        (B.message(type: 20, payload: B.ifaddrmsg(prefixLength: 8, index: 1, family: 2) + B.attribute(1, [127, 0, 0, 1])), nil),
        // an address that is not sixteen bytes: dropped
        (B.message(type: 20, payload: B.ifaddrmsg(prefixLength: 64, index: 2) + B.attribute(1, [1, 2, 3, 4])), nil),
        // no address at all: dropped
        (B.message(type: 20, payload: B.ifaddrmsg(prefixLength: 64, index: 2)), nil),
        // not RTM_NEWADDR: dropped
        (B.message(type: 24, payload: B.ifaddrmsg(prefixLength: 64, index: 2) + B.attribute(1, address: "2001:db8::1")), nil),
    ]

    /// Each address message decodes to its address and prefix length on its interface.
    @Test(arguments: addresses)
    func address(_ bytes: [UInt8], _ expected: HostAddress?) throws {
        #expect(try RouteMessages.address(Self.message(bytes)) == expected)
    }

    // MARK: - Routes

    /// `RTA_GATEWAY fe80::1`, `RTA_OIF 2`, `RTA_TABLE 254`: the usual tail of a default route.
    static let viaRouter = B.attribute(5, address: "fe80::1") + B.attribute(4, uint32: 2)

    /// Route messages and what they decode to.
    static let routes: [(bytes: [UInt8], expected: HostRoute?)] = [
        // default via fe80::1 dev 2 proto ra, expires in 180000 USER_HZ: 1800 s
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 9) + B.attribute(15, uint32: 254)
            + B.attribute(6, uint32: 1024) + viaRouter + B.attribute(12, B.cacheinfo(expires: 180000))),
            HostRoute(destination: subnet("::/0"), gateway: address("fe80::1"), interfaceIndex: 2, origin: .routerAdvertisement,
                isUnicast: true, expiresInSeconds: 1800)),
        // the on-link prefix route of an address: proto kernel, no gateway, no expiry
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 64, protocol: 2) + B.attribute(15, uint32: 254)
            + B.attribute(1, address: "2001:db8:aa:bb::") + B.attribute(4, uint32: 2)),
            HostRoute(destination: subnet("2001:db8:aa:bb::/64"), interfaceIndex: 2, origin: .kernel)),
        // the table only in rtmsg (no RTA_TABLE): main, kept
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 4) + viaRouter),
            HostRoute(destination: subnet("::/0"), gateway: address("fe80::1"), interfaceIndex: 2, origin: .administrator)),
        // RTA_TABLE wins over rtmsg's RT_TABLE_COMPAT (252): main, kept
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, table: 252, protocol: 3) + B.attribute(15, uint32: 254) + viaRouter),
            HostRoute(destination: subnet("::/0"), gateway: address("fe80::1"), interfaceIndex: 2, origin: .boot)),
        // expiry 0 (cacheinfo present, does not expire): none
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 16) + viaRouter + B.attribute(12, B.cacheinfo(expires: 0))),
            HostRoute(destination: subnet("::/0"), gateway: address("fe80::1"), interfaceIndex: 2, origin: .dhcp)),
        // a short cacheinfo: no expiry, not a crash
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 9) + viaRouter + B.attribute(12, [0, 0, 0, 0])),
            HostRoute(destination: subnet("::/0"), gateway: address("fe80::1"), interfaceIndex: 2, origin: .routerAdvertisement)),
        // an unknown protocol number (bird, 12)
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 48, protocol: 12) + B.attribute(1, address: "2001:db8:ff::")
            + viaRouter),
            HostRoute(destination: subnet("2001:db8:ff::/48"), gateway: address("fe80::1"), interfaceIndex: 2, origin: .other(12))),
        // unreachable (RTN_UNREACHABLE, 7) on lo: not unicast
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 48, protocol: 3, type: 7) + B.attribute(1, address: "2001:db8:ff::")
            + B.attribute(4, uint32: 1)),
            HostRoute(destination: subnet("2001:db8:ff::/48"), interfaceIndex: 1, origin: .boot, isUnicast: false)),
        // multipath: no RTA_OIF or RTA_GATEWAY, the first nexthop gives both
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 9) + B.attribute(9,
            B.nexthop(index: 3, attributes: B.attribute(5, address: "fe80::2")) + B.nexthop(index: 4, attributes: B.attribute(5, address: "fe80::3")))),
            HostRoute(destination: subnet("::/0"), gateway: address("fe80::2"), interfaceIndex: 3, origin: .routerAdvertisement)),
        // multipath whose first nexthop has no gateway: the interface only
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 3) + B.attribute(9, B.nexthop(index: 5, attributes: []))),
            HostRoute(destination: subnet("::/0"), interfaceIndex: 5, origin: .boot)),
        // the local table (255) by RTA_TABLE: dropped
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 128, table: 255, protocol: 2, type: 2) + B.attribute(15, uint32: 255)
            + B.attribute(1, address: "::1") + B.attribute(4, uint32: 1)), nil),
        // the local table (255) only in rtmsg: dropped
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 128, table: 255, protocol: 2, type: 2) + B.attribute(1, address: "::1")), nil),
        // a policy-routing table (1000, only in RTA_TABLE; rtmsg says RT_TABLE_COMPAT): dropped
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, table: 252, protocol: 4) + B.attribute(15, uint32: 1000) + viaRouter), nil),
        // a cached clone (RTM_F_CLONED): dropped
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 128, protocol: 2, flags: 0x200) + B.attribute(1, address: "2001:db8::9")
            + viaRouter), nil),
        // AF_INET: dropped
        (B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 4, family: 2) + B.attribute(5, [192, 0, 2, 1])), nil),
        // not RTM_NEWROUTE: dropped
        (B.message(type: 28, payload: B.rtmsg(destinationLength: 0, protocol: 4) + viaRouter), nil),
    ]

    /// Each route message decodes to its route of the main table, or is dropped.
    @Test(arguments: routes)
    func route(_ bytes: [UInt8], _ expected: HostRoute?) throws {
        #expect(try RouteMessages.route(Self.message(bytes)) == expected)
    }

    // MARK: - Proxy neighbours

    /// Neighbour messages and what they decode to.
    static let neighbours: [(bytes: [UInt8], expected: ProxyNeighbour?)] = [
        // a proxy entry (NTF_PROXY) on eth0
        (B.message(type: 28, payload: B.ndmsg(index: 2, flags: 0x08) + B.attribute(1, address: "2001:db8:aa:bb:1::5")),
            ProxyNeighbour(address: address("2001:db8:aa:bb:1::5"), interfaceIndex: 2)),
        // NTF_PROXY with NTF_ROUTER: still a proxy entry
        (B.message(type: 28, payload: B.ndmsg(index: 3, flags: 0x88) + B.attribute(1, address: "2001:db8::6")),
            ProxyNeighbour(address: address("2001:db8::6"), interfaceIndex: 3)),
        // an ordinary neighbour (no NTF_PROXY): dropped
        (B.message(type: 28, payload: B.ndmsg(index: 2, flags: 0) + B.attribute(1, address: "fe80::1")
            + B.attribute(2, [0x52, 0x54, 0, 0x12, 0x34, 0x56])), nil),
        // a router neighbour (NTF_ROUTER only): dropped
        (B.message(type: 28, payload: B.ndmsg(index: 2, flags: 0x80) + B.attribute(1, address: "fe80::1")), nil),
        // AF_INET: dropped
        (B.message(type: 28, payload: B.ndmsg(index: 2, flags: 0x08, family: 2) + B.attribute(1, [192, 0, 2, 1])), nil),
        // no NDA_DST: dropped
        (B.message(type: 28, payload: B.ndmsg(index: 2, flags: 0x08)), nil),
        // not RTM_NEWNEIGH: dropped
        (B.message(type: 24, payload: B.ndmsg(index: 2, flags: 0x08) + B.attribute(1, address: "2001:db8::6")), nil),
    ]

    /// Each neighbour message decodes to its proxy entry, or is dropped.
    @Test(arguments: neighbours)
    func proxyNeighbour(_ bytes: [UInt8], _ expected: ProxyNeighbour?) throws {
        #expect(try RouteMessages.proxyNeighbour(Self.message(bytes)) == expected)
    }

    // MARK: - Unreadable messages

    /// Messages of the right type too short for their family header, or whose attributes lie.
    static let unreadable: [(kind: String, bytes: [UInt8])] = [
        ("link", B.message(type: 16, payload: [0, 0, 0, 0, 1, 0, 0, 0])),  // shorter than ifinfomsg's flags
        ("link", B.message(type: 16, payload: B.ifinfomsg(index: 1, flags: 1) + B.integer(UInt16(40)) + B.integer(UInt16(3)))),  // attribute overruns
        ("address", B.message(type: 20, payload: [10, 64, 0, 0])),  // shorter than ifaddrmsg
        ("address", B.message(type: 20, payload: B.ifaddrmsg(prefixLength: 64, index: 2) + B.integer(UInt16(2)) + B.integer(UInt16(1)))),  // attribute shorter than rtattr
        ("route", B.message(type: 24, payload: [10, 0, 0, 0, 254, 9, 0, 1])),  // shorter than rtmsg
        ("route", B.message(type: 24, payload: B.rtmsg(destinationLength: 129, protocol: 3) + viaRouter)),  // a /129 destination
        ("route", B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 3) + B.integer(UInt16(99)) + B.integer(UInt16(5)))),  // attribute overruns
        ("route", B.message(type: 24, payload: B.rtmsg(destinationLength: 0, protocol: 3)
            + B.attribute(9, B.integer(UInt16(16)) + [0, 0] + B.integer(Int32(3)) + B.integer(UInt16(20)) + B.integer(UInt16(5)) + [0, 0, 0, 0]))),  // nexthop attribute overruns its hop
        ("neighbour", B.message(type: 28, payload: [10, 0, 0, 0, 2, 0, 0, 0])),  // shorter than ndmsg
        ("neighbour", B.message(type: 28, payload: B.ndmsg(index: 2, flags: 8) + B.integer(UInt16(30)) + B.integer(UInt16(1)))),  // attribute overruns
    ]

    /// Each unreadable message is an error from its decoder, never a crash.
    @Test(arguments: unreadable)
    func unreadableThrows(_ kind: String, _ bytes: [UInt8]) throws {
        let message = try Self.message(bytes)
        #expect(throws: NetlinkError.self) {
            switch kind {
            case "link": _ = try RouteMessages.link(message)
            case "address": _ = try RouteMessages.address(message)
            case "route": _ = try RouteMessages.route(message)
            default: _ = try RouteMessages.proxyNeighbour(message)
            }
        }
    }
}

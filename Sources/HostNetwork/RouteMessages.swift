import ReconcileCore

/// Decodes rtnetlink's link, address, route and neighbour messages into the core's host model,
/// dropping everything `--check` does not judge.
public enum RouteMessages {
    /// `RTM_GETLINK`, `RTM_GETADDR`, `RTM_GETROUTE`, `RTM_GETNEIGH`.
    public static let getLink: UInt16 = 18, getAddress: UInt16 = 22, getRoute: UInt16 = 26, getNeighbour: UInt16 = 30
    /// `RTM_NEWLINK`, `RTM_NEWADDR`, `RTM_NEWROUTE`, `RTM_NEWNEIGH`: what a dump answers with.
    static let newLink: UInt16 = 16, newAddress: UInt16 = 20, newRoute: UInt16 = 24, newNeighbour: UInt16 = 28
    /// `AF_INET6`.
    static let inet6: UInt8 = 10

    /// The family header of each dump: every link; IPv6 addresses and routes; IPv6 proxy
    /// neighbours (`ndm_flags = NTF_PROXY`, which makes the kernel dump its proxy table).
    public static let linkDump = [UInt8](repeating: 0, count: 16)
    /// See ``linkDump``.
    public static let addressDump: [UInt8] = [inet6] + [UInt8](repeating: 0, count: 7)
    /// See ``linkDump``.
    public static let routeDump: [UInt8] = [inet6] + [UInt8](repeating: 0, count: 11)
    /// See ``linkDump``.
    public static let proxyNeighbourDump: [UInt8] = [inet6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0]

    /// A link: `ifinfomsg` (index at 4, flags at 8) and `IFLA_IFNAME`. Sysctls are read later.
    public static func link(_ message: NetlinkCodec.Message) throws(NetlinkError) -> HostInterface? {
        guard message.type == newLink else { return nil }
        guard let index = NetlinkCodec.field(Int32.self, message.payload, at: 4),
            let flags = NetlinkCodec.field(UInt32.self, message.payload, at: 8)
        else { throw NetlinkError("link message of \(message.payload.count) bytes is shorter than ifinfomsg") }
        let attributes = try NetlinkCodec.attributes(in: message.payload, after: 16)
        guard let nameBytes = attributes[3] else { return nil }  // IFLA_IFNAME
        let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
        return HostInterface(index: Int(index), name: name, isLoopback: flags & 0x8 != 0, isUp: flags & 0x1 != 0)
    }

    /// An IPv6 address: `ifaddrmsg` (prefix length at 1, index at 4) and `IFA_ADDRESS`.
    public static func address(_ message: NetlinkCodec.Message) throws(NetlinkError) -> HostAddress? {
        guard message.type == newAddress else { return nil }
        guard message.payload.count >= 8 else { throw NetlinkError("address message of \(message.payload.count) bytes is shorter than ifaddrmsg") }
        guard message.payload[0] == inet6 else { return nil }
        let attributes = try NetlinkCodec.attributes(in: message.payload, after: 8)
        guard let address = NetlinkCodec.address(attributes[1] ?? attributes[2]) else { return nil }  // IFA_ADDRESS, IFA_LOCAL
        return HostAddress(
            interfaceIndex: Int(NetlinkCodec.read(UInt32.self, message.payload, at: 4)), address: address,
            prefixLength: Int(message.payload[1]))
    }

    /// An IPv6 route of the main table: `rtmsg` (destination length at 1, table at 4, protocol
    /// at 5, type at 7, flags at 8), `RTA_DST`, `RTA_GATEWAY`, `RTA_OIF`, `RTA_TABLE`,
    /// `RTA_CACHEINFO` (for the expiry) and the first hop of `RTA_MULTIPATH`. Cached clones
    /// (`RTM_F_CLONED`) and other tables are dropped.
    public static func route(_ message: NetlinkCodec.Message) throws(NetlinkError) -> HostRoute? {
        guard message.type == newRoute else { return nil }
        let header = message.payload
        guard header.count >= 12 else { throw NetlinkError("route message of \(header.count) bytes is shorter than rtmsg") }
        guard header[0] == inet6, NetlinkCodec.read(UInt32.self, header, at: 8) & 0x200 == 0 else { return nil }
        let attributes = try NetlinkCodec.attributes(in: header, after: 12)
        let table = attributes[15].flatMap { NetlinkCodec.field(UInt32.self, $0, at: 0) } ?? UInt32(header[4])
        guard table == 254 else { return nil }  // RT_TABLE_MAIN
        let length = Int(header[1])
        guard length <= 128 else { throw NetlinkError("route with a /\(length) destination") }
        let destination = IPv6Subnet(address: NetlinkCodec.address(attributes[1]) ?? .zero, prefixLength: length)
        var gateway = NetlinkCodec.address(attributes[5])
        var interface = attributes[4].flatMap { NetlinkCodec.field(UInt32.self, $0, at: 0) }.map(Int.init)
        if let hops = attributes[9], hops.count >= 8 {
            // rtnexthop: length (2), flags, hops, ifindex (4), then its own attributes.
            let hopLength = Int(NetlinkCodec.read(UInt16.self, hops, at: 0))
            if interface == nil { interface = Int(NetlinkCodec.read(Int32.self, hops, at: 4)) }
            if gateway == nil, hopLength >= 8, hopLength <= hops.count {
                gateway = NetlinkCodec.address(try NetlinkCodec.attributes(in: Array(hops[..<hopLength]), after: 8)[5])
            }
        }
        // rta_cacheinfo.rta_expires, at offset 8, in USER_HZ (100 per second).
        let expires = attributes[12].flatMap { NetlinkCodec.field(Int32.self, $0, at: 8) }.flatMap { $0 > 0 ? Int($0) / 100 : nil }
        return HostRoute(
            destination: destination, gateway: gateway, interfaceIndex: interface, origin: RouteOrigin(rtmProtocol: Int(header[5])),
            isUnicast: header[7] == 1, expiresInSeconds: expires)
    }

    /// A proxy neighbour: `ndmsg` (index at 4, flags at 10, `NTF_PROXY`) and `NDA_DST`.
    public static func proxyNeighbour(_ message: NetlinkCodec.Message) throws(NetlinkError) -> ProxyNeighbour? {
        guard message.type == newNeighbour else { return nil }
        let header = message.payload
        guard header.count >= 12 else { throw NetlinkError("neighbour message of \(header.count) bytes is shorter than ndmsg") }
        guard header[0] == inet6, header[10] & 0x08 != 0 else { return nil }
        let attributes = try NetlinkCodec.attributes(in: header, after: 12)
        guard let address = NetlinkCodec.address(attributes[1]) else { return nil }
        return ProxyNeighbour(
            address: address, interfaceIndex: Int(NetlinkCodec.read(Int32.self, header, at: 4)),
            origin: attributes[12]?.first)  // NDA_PROTOCOL, one byte
    }

    /// `RTM_NEWNEIGH`, `RTM_DELNEIGH`.
    public static let addNeighbour: UInt16 = 28, deleteNeighbour: UInt16 = 29

    /// The payload that adds (`RTM_NEWNEIGH`, with `NLM_F_CREATE|NLM_F_EXCL`) or deletes
    /// (`RTM_DELNEIGH`) the proxy entry for `address` on interface `index`: `ndmsg` (family
    /// `AF_INET6`, the index, state `NUD_PERMANENT`, flags `NTF_PROXY`), `NDA_DST` and, when
    /// adding, `NDA_PROTOCOL` `origin`, as `ip -6 neigh add proxy ADDR dev IFACE protocol N`
    /// makes it.
    public static func proxyNeighbourChange(address: IPv6Address, interfaceIndex: Int, origin: UInt8?) -> [UInt8] {
        var header: [UInt8] = [inet6, 0, 0, 0]
        withUnsafeBytes(of: Int32(interfaceIndex)) { header += $0 }
        withUnsafeBytes(of: UInt16(0x80)) { header += $0 }  // NUD_PERMANENT
        header += [0x08, 0]  // NTF_PROXY, ndm_type
        var payload = header + NetlinkCodec.attribute(type: 1, value: NetlinkCodec.bytes(of: address))  // NDA_DST
        if let origin { payload += NetlinkCodec.attribute(type: 12, value: [origin]) }  // NDA_PROTOCOL
        return payload
    }
}

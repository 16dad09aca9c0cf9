import ReconcileCore
import SystemCalls

/// How the host's network state is read: the host adapter's read effect, which tests script.
public protocol HostNetworkReading {
    /// The state of the network namespace the process runs in, or why it could not be read.
    func read() throws(HostReadError) -> HostNetworkState
}

/// Reads the host's IPv6 state for `--check`, from the network namespace the process runs in:
/// four rtnetlink dumps (links, IPv6 addresses, IPv6 routes, IPv6 proxy neighbours) and the
/// sysctls under `/proc/sys/net/ipv6/conf`. Changes nothing.
public struct HostNetworkReader: HostNetworkReading {
    /// The deadline of each rtnetlink dump.
    public let timeoutSeconds: Double

    /// A reader whose dumps each take at most `timeoutSeconds`.
    public init(timeoutSeconds: Double = 2) {
        self.timeoutSeconds = timeoutSeconds
    }

    /// The state, or why it could not be read.
    public func read() throws(HostReadError) -> HostNetworkState {
        let socket: RtnetlinkSocket
        do {
            socket = try RtnetlinkSocket(timeoutSeconds: timeoutSeconds)
        } catch {
            throw HostReadError("cannot open an rtnetlink socket: \(error)")
        }
        var interfaces = try Self.decode(socket.dump(type: RouteMessages.getLink, familyHeader: RouteMessages.linkDump), RouteMessages.link)
        let addresses = try Self.decode(socket.dump(type: RouteMessages.getAddress, familyHeader: RouteMessages.addressDump), RouteMessages.address)
        let routes = try Self.decode(socket.dump(type: RouteMessages.getRoute, familyHeader: RouteMessages.routeDump), RouteMessages.route)
        let proxies = try Self.decode(
            socket.dump(type: RouteMessages.getNeighbour, familyHeader: RouteMessages.proxyNeighbourDump), RouteMessages.proxyNeighbour)
        for index in interfaces.indices {
            let directory = "/proc/sys/net/ipv6/conf/" + interfaces[index].name
            interfaces[index].forwarding = Self.sysctl(directory + "/forwarding")
            interfaces[index].acceptRA = Self.sysctl(directory + "/accept_ra")
            interfaces[index].proxyNDP = Self.sysctl(directory + "/proxy_ndp")
        }
        return HostNetworkState(
            interfaces: interfaces, allForwarding: Self.sysctl("/proc/sys/net/ipv6/conf/all/forwarding"),
            allProxyNDP: Self.sysctl("/proc/sys/net/ipv6/conf/all/proxy_ndp"), addresses: addresses, routes: routes,
            proxyNeighbours: proxies)
    }

    /// The values `decoder` makes of `messages`, dropping the messages it skips.
    static func decode<Value>(
        _ messages: [NetlinkCodec.Message], _ decoder: (NetlinkCodec.Message) throws(NetlinkError) -> Value?
    ) throws(HostReadError) -> [Value] {
        var result: [Value] = []
        for message in messages {
            do throws(NetlinkError) {
                if let value = try decoder(message) { result.append(value) }
            } catch {
                throw HostReadError("rtnetlink answered something unreadable: \(error)")
            }
        }
        return result
    }

    /// An integer sysctl, or nil when the file is missing (no IPv6 on that interface, or none at
    /// all) or holds no integer. A name with `/` cannot be an interface's, so it cannot escape.
    static func sysctl(_ path: String) -> Int? {
        guard let bytes = try? Syscalls.readSmallFile(path, limit: 64) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
        return Int(text)
    }
}

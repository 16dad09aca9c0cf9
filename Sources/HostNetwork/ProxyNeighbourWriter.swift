import ReconcileCore
import SystemCalls

/// How `--ndp-proxy` changes the host's proxy neighbour table: the host adapter's one write
/// effect, which tests script.
public protocol ProxyNeighbourWriting {
    /// Adds the proxy entry, marked as this tool's (``ProxyNeighbourPlan/origin``).
    func add(_ entry: ProxyNeighbourPlan.Entry) throws(HostWriteError)
    /// Removes the proxy entry.
    func remove(_ entry: ProxyNeighbourPlan.Entry) throws(HostWriteError)
}

/// Adds and removes proxy neighbour entries in the network namespace the process runs in, through
/// rtnetlink, as `ip -6 neigh add|del proxy ADDR dev IFACE protocol 212` would. Needs
/// `CAP_NET_ADMIN`.
public final class ProxyNeighbourWriter: ProxyNeighbourWriting {
    private let socket: RtnetlinkSocket

    /// Opens the rtnetlink socket; each change waits at most `timeoutSeconds` for the kernel.
    public init(timeoutSeconds: Double = 2) throws(HostWriteError) {
        do {
            socket = try RtnetlinkSocket(timeoutSeconds: timeoutSeconds)
        } catch {
            throw HostWriteError("cannot open an rtnetlink socket: \(error)", errno: error)
        }
    }

    public func add(_ entry: ProxyNeighbourPlan.Entry) throws(HostWriteError) {
        try change(RouteMessages.addNeighbour, flags: NetlinkCodec.createFlags, entry, origin: ProxyNeighbourPlan.origin)
    }

    public func remove(_ entry: ProxyNeighbourPlan.Entry) throws(HostWriteError) {
        try change(RouteMessages.deleteNeighbour, flags: 0, entry, origin: nil)
    }

    private func change(_ type: UInt16, flags: UInt16, _ entry: ProxyNeighbourPlan.Entry, origin: UInt8?) throws(HostWriteError) {
        do {
            try socket.change(
                type: type, flags: flags,
                payload: RouteMessages.proxyNeighbourChange(address: entry.address, interfaceIndex: entry.interfaceIndex, origin: origin))
        } catch {
            throw HostWriteError(error.description, errno: error.errno)
        }
    }
}

/// A change the kernel refused, or could not be asked for: one line, and the errno.
public struct HostWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One line.
    public let description: String
    /// The errno, where there is one: EPERM says `CAP_NET_ADMIN` is missing.
    public let errno: Errno?

    /// Wraps a line.
    public init(_ description: String, errno: Errno? = nil) {
        self.description = description
        self.errno = errno
    }

    /// Whether the process lacks the privilege (`CAP_NET_ADMIN`).
    public var isPermissionDenied: Bool { errno == .notPermitted || errno == .permissionDenied }
}

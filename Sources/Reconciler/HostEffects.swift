import HostNetwork
import ReconcileCore

/// The host's side of a run with `--ndp-proxy`: how its network state is read, and how a writer
/// of proxy neighbour entries is had (opened only by apply runs that change something).
public struct HostEffects {
    /// Reads the network namespace the run is in.
    public let reader: any HostNetworkReading
    /// Opens the writer.
    public let openWriter: () throws(HostWriteError) -> any ProxyNeighbourWriting

    /// Effects from `reader` and `openWriter`.
    public init(reader: any HostNetworkReading, openWriter: @escaping () throws(HostWriteError) -> any ProxyNeighbourWriting) {
        self.reader = reader
        self.openWriter = openWriter
    }

    /// The kernel's: rtnetlink and `/proc/sys` in the process's own network namespace.
    public static var kernel: HostEffects {
        HostEffects(reader: HostNetworkReader()) { () throws(HostWriteError) in try ProxyNeighbourWriter() }
    }
}

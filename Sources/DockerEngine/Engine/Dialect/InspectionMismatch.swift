/// Podman keeps a half-made endpoint after refusing a connect (address taken, or outside the
/// subnets), and from then on every container list, and on 4.3 the network list and the inspect
/// of each network the container is on too, answers 500 `network inspection mismatch: asked to
/// join 2 network(s) map[N:{[A] [SHORTID] [] eth1} ...], but have information on 1 network(s)`,
/// until a disconnect of that container from N (which itself answers 500 `netavark: : EOF`, or
/// "is not connected", yet clears it).
extension EngineDialect {
    /// One endpoint Podman's `network inspection mismatch` names: the network, the container's
    /// short ID, and the addresses it asked for there.
    public struct HalfMadeEndpoint: Hashable, Sendable {
        /// The network's name.
        public var network: String
        /// The container's ID as Podman prints it (12 hex digits).
        public var containerID: String
        /// The static addresses of the endpoint, as written.
        public var addresses: [String]
    }

    /// The endpoints of a list that failed with Podman's `network inspection mismatch`, nil for any
    /// other failure. Podman does not say which of them is the broken one; every entry of its map
    /// is returned, the default network's included.
    public static func inspectionMismatch(_ error: EngineError) -> [HalfMadeEndpoint]? {
        let message = error.message[...]
        guard error.status == 500, let start = message.firstRange(of: "network inspection mismatch: asked to join ") else {
            return nil
        }
        // map[NAME:{[ADDR ADDR] [SHORTID] [] IFACE ...} NAME:{...}]
        guard let open = message[start.upperBound...].firstRange(of: "map[") else { return [] }
        var endpoints: [HalfMadeEndpoint] = []
        var rest = message[open.upperBound...]
        while let colon = rest.firstRange(of: ":{"), let close = rest[colon.upperBound...].firstIndex(of: "}") {
            let name = rest[..<colon.lowerBound].trimmingPrefix(" ")
            let fields = rest[colon.upperBound..<close]
            let lists = fields.split(separator: "]").map { $0.drop { $0 == " " || $0 == "[" } }
            let addresses = lists.first.map { $0.split(separator: " ").map(String.init) } ?? []
            let ids = lists.count > 1 ? lists[1].split(separator: " ").map(String.init) : []
            if let id = ids.first, !name.isEmpty, id.allSatisfy(\.isHexDigit) {
                endpoints.append(HalfMadeEndpoint(network: String(name), containerID: id, addresses: addresses))
            }
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix("]") { break }
        }
        return endpoints
    }
}

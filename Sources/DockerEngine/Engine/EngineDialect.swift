/// What each engine says when it refuses a write, and what that means: the one place where
/// engines' status codes and error texts are read. Every row was seen on the real engine (the
/// integration tests run against Docker 20.10 and 28.5 and Podman 4.3 and 5.4):
///
/// | meaning | Docker 20.10, 28.5 | Podman 4.3 | Podman 5.4 |
/// |---|---|---|---|
/// | already connected | 403 `endpoint with name C already exists in network N` | 500 `container ID is already connected to network "N": network is already connected` | 403, the same text without quotes |
/// | address taken | 403 `Address already in use` | 500 `IPAM error: requested ip address A is already allocated to container ID H` | the same |
/// | address outside the subnets | 20.10: 500 `Invalid address A: It does not belong to any of this network's subnets`; 28.5: 400 `invalid endpoint settings: no configured subnet or ip-range contain the IP address A` | 500 `requested static ip A not in any subnet on network N` | the same |
/// | no such container | 404 `No such container: C` | 404 `no container with name or ID "C" found: no such container` | the same |
///
/// Podman keeps a half-made endpoint after refusing a connect (address taken, or outside the
/// subnets), and from then on every container list, and on 4.3 the network list too, answers 500
/// `network inspection mismatch: asked to join 2 network(s) map[N:{[A] [SHORTID] [] eth1} ...],
/// but have information on 1 network(s)`, until a disconnect of that container from N (which
/// itself answers 500 `netavark: : EOF`, or "is not connected", yet clears it).
public enum EngineDialect {
    /// What a refused connect means.
    public enum ConnectRefusal: Hashable, Sendable {
        /// The container is on the network already (a concurrent run, or a listing that did not show it).
        case alreadyConnected
        /// Another endpoint holds the address; Podman names the holder's container ID.
        case addressTaken(holderID: String?)
        /// The address is outside the network's subnets.
        case outsideSubnets
        /// The container went away.
        case noSuchContainer
        /// Something else: the engine's own words are the problem.
        case other
    }

    /// Reads a connect refusal (an error answer with a status; nil for transport failures).
    public static func connectRefusal(_ error: EngineError) -> ConnectRefusal? {
        guard let status = error.status else { return nil }
        let message = error.message.lowercased()
        if status == 404 && (message.contains("no such container")) { return .noSuchContainer }
        if message.contains("already exists in network") || message.contains("is already connected to network") {
            return .alreadyConnected
        }
        if message.contains("address already in use") { return .addressTaken(holderID: nil) }
        if let range = message.firstRange(of: "is already allocated to container id ") {
            let holder = message[range.upperBound...].prefix { $0.isHexDigit }
            return .addressTaken(holderID: holder.isEmpty ? nil : String(holder))
        }
        if message.contains("does not belong to any of this network's subnets")
            || message.contains("no configured subnet or ip-range contain")
            || message.contains("not in any subnet")
        {
            return .outsideSubnets
        }
        return .other
    }

    /// Whether a refused connect may have left a half-made endpoint: Podman's, for an address
    /// it could not allocate. The caller then disconnects the container it just asked for.
    public static func refusalLeavesEndpoint(_ refusal: ConnectRefusal, podman: Bool) -> Bool {
        guard podman else { return false }
        switch refusal {
        case .addressTaken, .outsideSubnets, .other: return true
        case .alreadyConnected, .noSuchContainer: return false
        }
    }

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

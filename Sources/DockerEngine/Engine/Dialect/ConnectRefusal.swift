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

    /// Whether the network's inspect can explain the refusal (the container is there already, or
    /// another holds the address): the refusals that say so, and Docker's 403 and 409, whose texts
    /// vary.
    public static func holderMayExplain(_ error: EngineError) -> Bool {
        switch connectRefusal(error) {
        case .alreadyConnected?, .addressTaken?: true
        default: error.status == 403 || error.status == 409
        }
    }
}

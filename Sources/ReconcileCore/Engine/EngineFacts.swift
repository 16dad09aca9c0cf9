/// What the exposure verdicts and `--check` need to know of the engine, as engine-neutral values:
/// the engine adapter's dialect decides each from what the engine says of itself.
public struct EngineFacts: Hashable, Sendable {
    /// The product and its version, for messages: `Docker 28.5.2+dfsg4`.
    public var product: String
    /// The highest API version the server speaks (the ping's `Api-Version`), not the one we
    /// negotiated.
    public var apiVersion: APIVersion
    /// Whether the engine filters inbound IPv6 to its containers, and how we know.
    public var ipv6Firewall: FirewallState
    /// Whether the engine keeps only the low 64 bits of a static address on a subnet shorter
    /// than /64, silently (Docker before 28).
    public var keepsOnlyLow64Bits: Bool

    /// Builds the facts.
    public init(product: String, apiVersion: APIVersion, ipv6Firewall: FirewallState, keepsOnlyLow64Bits: Bool = false) {
        self.product = product
        self.apiVersion = apiVersion
        self.ipv6Firewall = ipv6Firewall
        self.keepsOnlyLow64Bits = keepsOnlyLow64Bits
    }
}

/// Whether an engine's IPv6 firewall is on, with the evidence as a clause for messages.
public enum FirewallState: Hashable, Sendable, CustomStringConvertible {
    /// It drops what its rules do not open.
    case on(String)
    /// It does not filter: the host's own firewall decides.
    case off(String)
    /// The engine does not say.
    case unknown(String)

    /// `on: the engine's firewall is on (...)`.
    public var description: String {
        switch self {
        case .on(let why): "on: \(why)"
        case .off(let why): "off: \(why)"
        case .unknown(let why): "unknown: \(why)"
        }
    }
}

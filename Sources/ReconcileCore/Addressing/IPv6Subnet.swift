/// An IPv6 subnet: a network address and a prefix length, as Docker's IPAM reports it
/// (`"Subnet": "2001:db8:1:1::/80"`).
public struct IPv6Subnet: Hashable, Sendable, CustomStringConvertible {
    /// The network address, host bits cleared.
    public let network: IPv6Address
    /// The number of leading bits that name the network, 0 to 128.
    public let prefixLength: Int

    /// Builds a subnet, clearing any host bits of `address` so that equal subnets compare equal
    /// however they were spelled.
    public init(address: IPv6Address, prefixLength: Int) {
        precondition((0...128).contains(prefixLength), "a prefix length is 0 to 128")
        self.prefixLength = prefixLength
        self.network = address & IPv6Address.mask(prefixLength: prefixLength)
    }

    /// Parses `ADDRESS/LENGTH`. Any valid spelling of the address is accepted (compressed, full,
    /// upper case, with an IPv4 tail, even with host bits set, which are cleared); the length is
    /// decimal 0 to 128 without sign or leading zeros. Returns nil for anything else, including
    /// IPv4 subnets, which Docker lists in the same array.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv6Address(parsing: parts[0]) else { return nil }
        let digits = Array(parts[1].utf8)
        guard (1...3).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            digits.count == 1 || digits[0] != 0x30
        else { return nil }
        let length = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard length <= 128 else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// How many bits are left for hosts.
    public var hostBits: Int { 128 - prefixLength }

    /// The mask of the host bits.
    public var hostMask: IPv6Address { ~IPv6Address.mask(prefixLength: prefixLength) }

    /// Whether `address` lies inside this subnet.
    public func contains(_ address: IPv6Address) -> Bool {
        address & IPv6Address.mask(prefixLength: prefixLength) == network
    }

    /// The subnet's first host address, which Docker takes as the gateway when IPAM lists none.
    public var firstAddress: IPv6Address { network.successor }

    /// Canonical text, `network/length`.
    public var description: String { "\(network)/\(prefixLength)" }
}

import Glibc

/// An IPv6 address as its 16 bytes, parsed by the C library's `inet_pton` rather than by the tool's
/// own parser, so that the tests compare addresses numerically with an independent oracle
/// (`2001:db8:0::ab` and `2001:db8::ab` are one address).
struct IPv6Value: Hashable, Sendable, CustomStringConvertible {
    /// Network byte order.
    let bytes: [UInt8]

    /// Parses `text` (without a prefix length); nil when it is not an IPv6 address.
    init?(_ text: String) {
        var storage = in6_addr()
        guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
        bytes = withUnsafeBytes(of: &storage) { Array($0) }
    }

    /// Wraps 16 bytes.
    init(bytes: [UInt8]) {
        precondition(bytes.count == 16, "an IPv6 address has 16 bytes")
        self.bytes = bytes
    }

    /// Bitwise or: how a prefix and a host suffix combine into an address.
    static func | (lhs: IPv6Value, rhs: IPv6Value) -> IPv6Value {
        IPv6Value(bytes: zip(lhs.bytes, rhs.bytes).map { $0 | $1 })
    }

    /// The canonical (RFC 5952) text, as `inet_ntop` writes it.
    var description: String {
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// An IPv6 subnet the tests created: its text, its prefix address and its length.
struct TestSubnet: Hashable, Sendable, CustomStringConvertible {
    /// As given to `docker network create --subnet`.
    let description: String
    /// The subnet's address (host bits zero, as the tests always write it).
    let prefix: IPv6Value
    /// The prefix length.
    let length: Int

    /// Parses `2001:db8:1::/64`; nil when it is not one.
    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let prefix = IPv6Value(String(parts[0])), let length = Int(parts[1]),
            (0...128).contains(length)
        else { return nil }
        self.description = text
        self.prefix = prefix
        self.length = length
    }

    /// The address with `suffix` as its host part, the way the tool must compute it.
    func address(suffix: IPv6Value) -> IPv6Value { prefix | suffix }
}

/// A 128-bit IPv6 address held as two 64-bit halves, so that prefixes and suffixes combine with
/// real bitwise arithmetic instead of string concatenation (which produced 7-group addresses in the
/// Python tool when a subnet was written with fewer than five groups).
///
/// Equality and ordering are numeric: `2001:db8::1` and `2001:0db8:0:0::0001` are the same address.
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The most significant 64 bits (groups 1 to 4).
    public var high: UInt64
    /// The least significant 64 bits (groups 5 to 8).
    public var low: UInt64

    /// The all-zeros address, `::`.
    public static let zero = IPv6Address(high: 0, low: 0)

    /// Builds an address from its two 64-bit halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Builds an address from its eight 16-bit groups, most significant first.
    public init(groups: [UInt16]) {
        precondition(groups.count == 8, "an IPv6 address has eight groups")
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<4 { high = high << 16 | UInt64(groups[index]) }
        for index in 4..<8 { low = low << 16 | UInt64(groups[index]) }
        self.init(high: high, low: low)
    }

    /// Parses the textual forms of RFC 4291 section 2.2: full, `::`-compressed, and with an
    /// embedded dotted IPv4 tail. Returns nil for anything else (zone identifiers included: an
    /// address on a Docker network has no zone).
    public init?(parsing text: some StringProtocol) {
        guard let address = IPv6TextParser.address(of: text) else { return nil }
        self = address
    }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        (0..<8).map { index in
            let half = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> (UInt64(3 - index % 4) * 16))
        }
    }

    /// The canonical text of RFC 5952: lowercase hex, no leading zeros, the longest run of two or
    /// more zero groups (the first of equal runs) written as `::`.
    public var description: String {
        let groups = self.groups
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            let start = index
            while index < 8 && groups[index] == 0 { index += 1 }
            if index - start > bestLength { bestStart = start; bestLength = index - start }
        }
        // RFC 5952 4.2.2: a single zero group is never shortened to "::".
        if bestLength < 2 { bestStart = -1 }
        var text = ""
        var position = 0
        while position < 8 {
            if position == bestStart {
                text += position == 0 ? "::" : ":"
                position += bestLength
                continue
            }
            text += String(groups[position], radix: 16)
            if position < 7 { text += ":" }
            position += 1
        }
        return text
    }

    /// The address whose first `length` bits are ones and the rest zeros (a netmask).
    public static func mask(prefixLength length: Int) -> IPv6Address {
        precondition((0...128).contains(length), "a prefix length is 0 to 128")
        let high: UInt64 = length >= 64 ? .max : (length == 0 ? 0 : .max << UInt64(64 - length))
        let low: UInt64 = length <= 64 ? 0 : (length == 128 ? .max : .max << UInt64(128 - length))
        return IPv6Address(high: high, low: low)
    }

    /// Bitwise or: how a subnet's network address and a host suffix combine.
    public static func | (lhs: IPv6Address, rhs: IPv6Address) -> IPv6Address {
        IPv6Address(high: lhs.high | rhs.high, low: lhs.low | rhs.low)
    }

    /// Bitwise and: how a mask selects bits.
    public static func & (lhs: IPv6Address, rhs: IPv6Address) -> IPv6Address {
        IPv6Address(high: lhs.high & rhs.high, low: lhs.low & rhs.low)
    }

    /// Bitwise not: turns a netmask into a host mask.
    public static prefix func ~ (value: IPv6Address) -> IPv6Address {
        IPv6Address(high: ~value.high, low: ~value.low)
    }

    /// Numeric order, most significant half first.
    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// The address plus one, wrapping at the top (only ever used for a subnet's first address).
    public var successor: IPv6Address {
        let (low, overflow) = self.low.addingReportingOverflow(1)
        return IPv6Address(high: overflow ? high &+ 1 : high, low: low)
    }

    /// How many significant bits the value has: 0 for `::`, 128 when the top bit is set.
    public var bitWidth: Int {
        high != 0 ? 128 - high.leadingZeroBitCount : 64 - low.leadingZeroBitCount
    }
}

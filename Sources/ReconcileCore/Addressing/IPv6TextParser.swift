/// The grammar of IPv6 address text, shared by addresses and by host suffixes. Works on UTF-8
/// bytes and rejects anything that is not ASCII, so that no Unicode digit or look-alike can slip in.
enum IPv6TextParser {
    /// One group: 1 to 4 ASCII hex digits.
    static func hexGroup(_ text: Substring) -> UInt16? {
        let bytes = Array(text.utf8)
        guard (1...4).contains(bytes.count) else { return nil }
        var value: UInt16 = 0
        for byte in bytes {
            guard let digit = hexDigitValue(byte) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// The value of one ASCII hex digit, or nil.
    static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Parses address text in one pass over its UTF-8 bytes, without building intermediate
    /// strings or arrays: the planner parses an address per container endpoint, so this is on the
    /// hot path of every run (profiling showed the old split-based parser at a fifth of a run).
    static func address(of text: some StringProtocol) -> IPv6Address? {
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ address(ofBytes: $0) }) {
            return parsed
        }
        return Array(text.utf8).withUnsafeBufferPointer { address(ofBytes: $0) }
    }

    /// The grammar of RFC 4291 2.2: up to eight groups of 1 to 4 hex digits separated by single
    /// colons, at most one `::` standing for one or more zero groups, optionally ending in a
    /// dotted IPv4 address that stands for the last two groups.
    static func address(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> IPv6Address? {
        let count = bytes.count
        guard count >= 2, count <= 45 else { return nil }
        var groups: (UInt64, UInt64) = (0, 0)  // written groups, packed 4 per half, in order
        var written = 0
        var gap = -1  // how many groups stood before "::", or -1 without one
        func append(_ group: UInt16) -> Bool {
            guard written < 8 else { return false }
            if written < 4 {
                groups.0 |= UInt64(group) << UInt64(48 - 16 * written)
            } else {
                groups.1 |= UInt64(group) << UInt64(48 - 16 * (written - 4))
            }
            written += 1
            return true
        }
        var index = 0
        if bytes[0] == UInt8(ascii: ":") {
            guard bytes[1] == UInt8(ascii: ":") else { return nil }
            gap = 0
            index = 2
        }
        while index < count {
            let start = index
            var value: UInt16 = 0
            while index < count, let digit = hexDigitValue(bytes[index]) {
                guard index - start < 4 else { return nil }
                value = value << 4 | UInt16(digit)
                index += 1
            }
            if index < count && bytes[index] == UInt8(ascii: ".") {
                // The IPv4 tail runs to the end of the text.
                guard let v4 = ipv4Groups(Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))),
                    append(v4[0]), append(v4[1])
                else { return nil }
                index = count
                break
            }
            guard index > start, append(value) else { return nil }
            if index == count { break }
            guard bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            if index < count && bytes[index] == UInt8(ascii: ":") {
                guard gap < 0 else { return nil }
                gap = written
                index += 1
            } else if index == count {
                return nil  // a single trailing colon
            }
        }
        let packed = IPv6Address(high: groups.0, low: groups.1)
        if gap < 0 {
            return written == 8 ? packed : nil
        }
        // "::" stands for at least one zero group: move the groups written after it to the end.
        guard written <= 7 else { return nil }
        let all = packed.groups
        let shift = 8 - written
        var expanded = [UInt16](repeating: 0, count: 8)
        for position in 0..<gap { expanded[position] = all[position] }
        for position in gap..<written { expanded[position + shift] = all[position] }
        return IPv6Address(groups: expanded)
    }

    /// A dotted-quad IPv4 address as two 16-bit groups: four decimal parts 0 to 255, no leading zeros.
    static func ipv4Groups(_ text: Substring) -> [UInt16]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt16] = []
        for part in parts {
            let bytes = Array(part.utf8)
            guard (1...3).contains(bytes.count), bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                bytes.count == 1 || bytes[0] != 0x30
            else { return nil }
            let value = bytes.reduce(0) { $0 * 10 + UInt16($1 - 0x30) }
            guard value <= 255 else { return nil }
            octets.append(value)
        }
        return [octets[0] << 8 | octets[1], octets[2] << 8 | octets[3]]
    }
}

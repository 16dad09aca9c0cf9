/// The grammar of IPv6 address text, shared by addresses and by host suffixes. Works on UTF-8
/// bytes and rejects anything that is not ASCII, so that no Unicode digit or look-alike can slip in.
enum IPv6TextParser {
    /// One or more hex groups separated by single colons (no `::`), each 1 to 4 hex digits.
    /// Returns nil on any other input.
    static func hexGroups(_ text: Substring) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        var groups: [UInt16] = []
        for part in text.split(separator: ":", omittingEmptySubsequences: false) {
            guard let group = hexGroup(part) else { return nil }
            groups.append(group)
        }
        return groups
    }

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

    /// The eight groups of a full address text, or nil.
    static func groups(of text: Substring) -> [UInt16]? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var body = text
        var tail: [UInt16] = []
        // An embedded IPv4 tail ("::ffff:192.0.2.1") stands for the last two groups.
        if let lastColon = body.lastIndex(of: ":"), body[body.index(after: lastColon)...].contains(".") {
            guard let v4 = ipv4Groups(body[body.index(after: lastColon)...]) else { return nil }
            tail = v4
            body = body[...lastColon]
            // "::1.2.3.4" leaves "::", "1:2:3:4:5:6:1.2.3.4" leaves "1:2:3:4:5:6:"
            if body.hasSuffix(":") && !body.hasSuffix("::") { body = body.dropLast() }
        }
        let parts = body.components(separatedByDoubleColon: ())
        switch parts.count {
        case 1:
            guard let groups = hexGroups(parts[0]), groups.count + tail.count == 8 else { return nil }
            return groups + tail
        case 2:
            guard let head = hexGroups(parts[0]), let rest = hexGroups(parts[1]) else { return nil }
            let written = head.count + rest.count + tail.count
            // "::" stands for at least one zero group (RFC 4291 2.2, RFC 5952 4.2.2 allows one).
            guard written <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - written) + rest + tail
        default:
            return nil
        }
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

extension Substring {
    /// Splits at every "::". More than one "::" yields three or more parts, which callers reject.
    func components(separatedByDoubleColon _: Void) -> [Substring] {
        var parts: [Substring] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            let next = self.index(after: index)
            if self[index] == ":" && next < endIndex && self[next] == ":" {
                parts.append(self[start..<index])
                start = self.index(after: next)
                index = start
                continue
            }
            index = next
        }
        parts.append(self[start..<endIndex])
        return parts
    }
}

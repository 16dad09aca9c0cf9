/// The host part of a container's address: the low-order bits that are or-ed onto the network's
/// prefix. It comes from the `<prefix>.suffix` label or, by default, from the MD5 of the name.
public struct HostSuffix: Hashable, Sendable, CustomStringConvertible {
    /// The suffix as a 128-bit value, right-aligned (its groups are the address's last groups).
    public let value: IPv6Address

    /// Wraps a right-aligned value.
    public init(value: IPv6Address) { self.value = value }

    /// Parses an explicit suffix label: one to eight hex groups separated by colons, written as
    /// the address's last groups (`ab:cd:56` → `…:ab:cd:56`), optionally after a leading `::`
    /// (`::1:2`), which says the same thing. A `::` anywhere else would need a known width to
    /// expand and is refused, as is everything that is not ASCII hex and colons.
    public init(parsing label: String) throws(SuffixError) {
        guard !label.isEmpty else { throw .empty }
        guard label.utf8.count <= 64 else { throw .tooLong(label.utf8.count) }
        var body = Substring(label)
        if body.hasPrefix("::") {
            body = body.dropFirst(2)
            guard !body.isEmpty else { throw .zero }
        }
        if body.contains("::") || body.hasSuffix(":") || body.hasPrefix(":") {
            throw .misplacedDoubleColon(label)
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 8 else { throw .tooManyGroups(parts.count) }
        var groups: [UInt16] = []
        for part in parts {
            guard let group = IPv6TextParser.hexGroup(part) else { throw .notHex(String(part)) }
            groups.append(group)
        }
        let value = IPv6Address(groups: Array(repeating: 0, count: 8 - groups.count) + groups)
        guard value != .zero else { throw .zero }
        self.init(value: value)
    }

    /// The Python tool's default: the first three bytes of the MD5 of the container's name become
    /// the last three groups, one byte each (`mon_container` → `3d:7a:30`). A Swarm task name of
    /// exactly three dot-separated parts (`service.slot.taskid`) is hashed as `service.slot`, so
    /// that a replaced task keeps its address.
    public static func derived(fromContainerName name: String) -> HostSuffix {
        let digest = MD5.digest(hashedName(name).utf8)
        return HostSuffix(value: IPv6Address(
            high: 0, low: UInt64(digest[0]) << 32 | UInt64(digest[1]) << 16 | UInt64(digest[2])))
    }

    /// The part of a container's name that is hashed (see ``derived(fromContainerName:)``).
    public static func hashedName(_ name: String) -> String {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return name }
        return parts[0] + "." + parts[1]
    }

    /// The suffix as groups without leading zero groups, e.g. `3d:7a:30`.
    public var description: String {
        let groups = value.groups.drop { $0 == 0 }
        return groups.isEmpty ? "0" : groups.map { String($0, radix: 16) }.joined(separator: ":")
    }
}

/// Why an explicit suffix label was refused. Each case renders as a one-line reason that says how
/// to write it instead.
public enum SuffixError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The label is present but empty.
    case empty
    /// The label is absurdly long; it cannot be a suffix.
    case tooLong(Int)
    /// A part is not 1 to 4 hex digits.
    case notHex(String)
    /// More than eight groups.
    case tooManyGroups(Int)
    /// `::` somewhere other than the start, or a stray colon.
    case misplacedDoubleColon(String)
    /// All groups are zero: that is the subnet's own address.
    case zero

    /// A one-line reason.
    public var description: String {
        switch self {
        case .empty: "suffix label is empty (write hex groups such as ab:cd:56, or remove the label)"
        case .tooLong(let count): "suffix label is \(count) bytes long (write at most 8 hex groups such as ab:cd:56)"
        case .notHex(let part): "suffix group \(quoted(part)) is not 1 to 4 hex digits (write hex groups such as ab:cd:56)"
        case .tooManyGroups(let count): "suffix has \(count) groups, at most 8 fit in an address"
        case .misplacedDoubleColon(let label): "suffix \(quoted(label)) has '::' or ':' out of place (only a leading '::' is allowed, as in ::1:2)"
        case .zero: "suffix is zero, which is the subnet's own address"
        }
    }
}

import ReconcileCore

/// The rtnetlink wire format, pure: dump requests as bytes, and responses split into messages and
/// attributes. Everything is in host byte order (netlink's own); lengths are checked against the
/// buffer before any field is read, so a short or lying message is an error, never a crash.
public enum NetlinkCodec {
    /// `NLMSG_ERROR`.
    static let errorType: UInt16 = 2
    /// `NLMSG_DONE`: the end of a dump.
    static let doneType: UInt16 = 3
    /// `NLM_F_REQUEST | NLM_F_DUMP`.
    static let dumpFlags: UInt16 = 0x1 | 0x300
    /// `NLM_F_DUMP_INTR`: the kernel's tables changed during the dump, which may be inconsistent.
    static let interruptedFlag: UInt16 = 0x10
    /// `sizeof(struct nlmsghdr)`.
    static let headerLength = 16

    /// A dump request: `nlmsghdr` (type, `NLM_F_REQUEST|NLM_F_DUMP`, sequence) and the family
    /// header that says what to dump (`ifinfomsg`, `ifaddrmsg`, `rtmsg`, `ndmsg`).
    public static func dumpRequest(type: UInt16, sequence: UInt32, familyHeader: [UInt8]) -> [UInt8] {
        request(type: type, flags: dumpFlags, sequence: sequence, payload: familyHeader)
    }

    /// `NLM_F_REQUEST | NLM_F_ACK`: a change the kernel answers with an `NLMSG_ERROR` (0 for done).
    static let changeFlags: UInt16 = 0x1 | 0x4
    /// `NLM_F_CREATE | NLM_F_EXCL`: create, and refuse what exists rather than replace it.
    static let createFlags: UInt16 = 0x400 | 0x200

    /// A change request: `nlmsghdr` (type, `flags`, sequence) and its payload.
    public static func request(type: UInt16, flags: UInt16, sequence: UInt32, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        append(UInt32(headerLength + payload.count), to: &bytes)
        append(type, to: &bytes)
        append(flags, to: &bytes)
        append(sequence, to: &bytes)
        append(UInt32(0), to: &bytes)
        return bytes + payload
    }

    /// One attribute (`rtattr`), padded to 4 bytes.
    public static func attribute(type: UInt16, value: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        append(UInt16(4 + value.count), to: &bytes)
        append(type, to: &bytes)
        bytes += value
        bytes += [UInt8](repeating: 0, count: aligned(bytes.count) - bytes.count)
        return bytes
    }

    /// An IPv6 address as its sixteen bytes, in network order.
    static func bytes(of address: IPv6Address) -> [UInt8] {
        (0..<8).flatMap { index -> [UInt8] in
            let group = UInt16(truncatingIfNeeded: (index < 4 ? address.high : address.low) >> (48 - 16 * UInt64(index % 4)))
            return [UInt8(group >> 8), UInt8(group & 0xff)]
        }
    }

    /// One netlink message.
    public struct Message: Hashable, Sendable {
        /// `nlmsg_type`.
        public var type: UInt16
        /// `nlmsg_flags`.
        public var flags: UInt16
        /// `nlmsg_seq`.
        public var sequence: UInt32
        /// Everything after the header.
        public var payload: [UInt8]
    }

    /// The messages in one datagram, in order.
    public static func messages(in bytes: [UInt8]) throws(NetlinkError) -> [Message] {
        var result: [Message] = []
        var offset = 0
        while offset + headerLength <= bytes.count {
            let length = Int(read(UInt32.self, bytes, at: offset))
            guard length >= headerLength, offset + length <= bytes.count else {
                throw NetlinkError("netlink message of \(length) bytes at offset \(offset) overruns the \(bytes.count)-byte datagram")
            }
            result.append(Message(
                type: read(UInt16.self, bytes, at: offset + 4), flags: read(UInt16.self, bytes, at: offset + 6),
                sequence: read(UInt32.self, bytes, at: offset + 8), payload: Array(bytes[(offset + headerLength)..<(offset + length)])))
            offset += aligned(length)
        }
        // recv on a datagram socket returns whole datagrams, so leftover bytes mean a
        // truncated or garbled one, not a message still to come.
        guard offset >= bytes.count else {
            throw NetlinkError("\(bytes.count - offset) bytes after the last netlink message are not a message")
        }
        return result
    }

    /// The attributes (`rtattr`: length, type, value) that follow a family header of
    /// `headerLength` bytes in `payload`, by type; a later duplicate wins.
    public static func attributes(in payload: [UInt8], after familyHeaderLength: Int) throws(NetlinkError) -> [UInt16: [UInt8]] {
        var result: [UInt16: [UInt8]] = [:]
        var offset = aligned(familyHeaderLength)
        while offset + 4 <= payload.count {
            let length = Int(read(UInt16.self, payload, at: offset))
            guard length >= 4, offset + length <= payload.count else {
                throw NetlinkError("netlink attribute of \(length) bytes at offset \(offset) overruns its \(payload.count)-byte message")
            }
            // The top bits are NLA_F_NESTED and NLA_F_NET_BYTEORDER, not part of the type.
            result[read(UInt16.self, payload, at: offset + 2) & 0x3fff] = Array(payload[(offset + 4)..<(offset + length)])
            offset += aligned(length)
        }
        return result
    }

    /// A fixed-width integer at `offset`, in host byte order; the caller has checked the bounds.
    static func read<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    /// A fixed-width integer at `offset`, or nil when the bytes are too short.
    static func field<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int) -> T? {
        offset + MemoryLayout<T>.size <= bytes.count ? read(type, bytes, at: offset) : nil
    }

    /// Sixteen bytes as an IPv6 address, or nil when it is not sixteen bytes.
    static func address(_ bytes: [UInt8]?) -> IPv6Address? {
        guard let bytes, bytes.count == 16 else { return nil }
        var groups: [UInt16] = []
        for index in stride(from: 0, to: 16, by: 2) { groups.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])) }
        return IPv6Address(groups: groups)
    }

    /// `NLMSG_ALIGN`: netlink pads every message and attribute to 4 bytes.
    static func aligned(_ length: Int) -> Int { (length + 3) & ~3 }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value) { bytes += $0 }
    }
}

/// A netlink answer that could not be read, or the kernel's error for a request.
public struct NetlinkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One line.
    public let description: String

    /// Wraps a line.
    public init(_ description: String) { self.description = description }
}

import ReconcileCore

/// A test-only builder of rtnetlink bytes as the kernel sends them: `nlmsghdr`, a family header
/// (`ifinfomsg`, `ifaddrmsg`, `rtmsg`, `ndmsg`) and `rtattr`s, every integer in host byte order
/// and every message and attribute padded to 4 bytes. Written from `netlink.h` and
/// `rtnetlink.h`'s layouts, so the decoders are checked against the structs, not against themselves.
enum NetlinkBytes {
    /// `value`'s bytes in host byte order.
    static func integer<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    /// `bytes` followed by zeros up to a multiple of 4.
    static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4)
    }

    /// One `rtattr`: length (header included, padding not), type, value, padding.
    static func attribute(_ type: UInt16, _ value: [UInt8]) -> [UInt8] {
        padded(integer(UInt16(4 + value.count)) + integer(type) + value)
    }

    /// A 32-bit attribute value (`RTA_OIF`, `RTA_TABLE`).
    static func attribute(_ type: UInt16, uint32 value: UInt32) -> [UInt8] {
        attribute(type, integer(value))
    }

    /// An address attribute value: the sixteen bytes in network order, as the kernel sends them.
    static func attribute(_ type: UInt16, address text: String) -> [UInt8] {
        attribute(type, addressBytes(text))
    }

    /// The sixteen bytes of an IPv6 address, most significant first.
    static func addressBytes(_ text: String) -> [UInt8] {
        guard let address = IPv6Address(parsing: text) else { fatalError("fixture address \(text) does not parse") }
        return address.groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    /// One netlink message: `nlmsghdr` (length without the trailing padding, type, flags,
    /// sequence, port 0) and `payload`, padded to 4 bytes for the next message.
    static func message(type: UInt16, flags: UInt16 = 0x2, sequence: UInt32 = 1, payload: [UInt8]) -> [UInt8] {
        let header = integer(UInt32(16 + payload.count)) + integer(type) + integer(flags) + integer(sequence) + integer(UInt32(0))
        return padded(header + payload)
    }

    /// `struct ifinfomsg`: family, pad, type, index, flags, change.
    static func ifinfomsg(index: Int32, flags: UInt32, family: UInt8 = 0) -> [UInt8] {
        [family, 0] + integer(UInt16(1)) + integer(index) + integer(flags) + integer(UInt32(0))
    }

    /// `struct ifaddrmsg`: family, prefix length, flags, scope, index.
    static func ifaddrmsg(prefixLength: UInt8, index: UInt32, family: UInt8 = 10, scope: UInt8 = 0) -> [UInt8] {
        [family, prefixLength, 0x80, scope] + integer(index)
    }

    /// `struct rtmsg`: family, destination length, source length, tos, table, protocol, scope,
    /// type, flags.
    static func rtmsg(
        destinationLength: UInt8, table: UInt8 = 254, protocol: UInt8, type: UInt8 = 1, flags: UInt32 = 0, family: UInt8 = 10
    ) -> [UInt8] {
        [family, destinationLength, 0, 0, table, `protocol`, 0, type] + integer(flags)
    }

    /// `struct ndmsg`: family, two pads, index, state, flags, type.
    static func ndmsg(index: Int32, flags: UInt8, family: UInt8 = 10, state: UInt16 = 0x80) -> [UInt8] {
        [family, 0, 0, 0] + integer(index) + integer(state) + [flags, 0]
    }

    /// `struct rta_cacheinfo`: clntref, lastuse, expires (USER_HZ), error, used, id, ts, tsage.
    static func cacheinfo(expires: Int32) -> [UInt8] {
        integer(UInt32(0)) + integer(UInt32(5)) + integer(expires) + [UInt8](repeating: 0, count: 20)
    }

    /// `struct rtnexthop` (length, flags, hops, index) followed by its own attributes.
    static func nexthop(index: Int32, attributes: [UInt8]) -> [UInt8] {
        integer(UInt16(8 + attributes.count)) + [0, 0] + integer(index) + attributes
    }
}

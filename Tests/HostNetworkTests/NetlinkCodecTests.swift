@testable import HostNetwork
import ReconcileCore
import Testing

/// The rtnetlink wire format: dump requests byte for byte, datagrams split into messages and
/// payloads into attributes, and every length that lies refused rather than read past.
@Suite struct NetlinkCodecTests {
    /// The byte builder, short.
    typealias B = NetlinkBytes

    // MARK: - Dump requests

    /// The route dump: a 28-byte message of type RTM_GETROUTE, flags NLM_F_REQUEST|NLM_F_DUMP, the
    /// sequence, port 0, then the family header.
    @Test func dumpRequestBytes() {
        let bytes = NetlinkCodec.dumpRequest(type: 26, sequence: 7, familyHeader: RouteMessages.routeDump)
        #expect(bytes == B.integer(UInt32(28)) + B.integer(UInt16(26)) + B.integer(UInt16(0x301)) + B.integer(UInt32(7))
            + B.integer(UInt32(0)) + [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #if _endian(little)
        #expect(Array(bytes.prefix(16)) == [28, 0, 0, 0, 26, 0, 0x01, 0x03, 7, 0, 0, 0, 0, 0, 0, 0])
        #endif
    }

    /// Each dump's request: its length and family header.
    @Test(arguments: [
        (RouteMessages.getLink, RouteMessages.linkDump, 32),  // ifinfomsg, any family
        (RouteMessages.getAddress, RouteMessages.addressDump, 24),  // ifaddrmsg, AF_INET6
        (RouteMessages.getRoute, RouteMessages.routeDump, 28),  // rtmsg, AF_INET6
        (RouteMessages.getNeighbour, RouteMessages.proxyNeighbourDump, 28),  // ndmsg, AF_INET6, NTF_PROXY
    ])
    func dumpRequests(type: UInt16, header: [UInt8], length: Int) throws {
        let bytes = NetlinkCodec.dumpRequest(type: type, sequence: 1, familyHeader: header)
        #expect(bytes.count == length)
        let messages = try NetlinkCodec.messages(in: bytes)
        #expect(messages == [NetlinkCodec.Message(type: type, flags: 0x301, sequence: 1, payload: header)])
    }

    /// The family headers: what each dump asks the kernel for.
    @Test func familyHeaders() {
        #expect(RouteMessages.linkDump == [UInt8](repeating: 0, count: 16))
        #expect(RouteMessages.addressDump == [10, 0, 0, 0, 0, 0, 0, 0])
        #expect(RouteMessages.routeDump == [10] + [UInt8](repeating: 0, count: 11))
        #expect(RouteMessages.proxyNeighbourDump[0] == 10)
        #expect(RouteMessages.proxyNeighbourDump[10] == 0x08)  // ndm_flags = NTF_PROXY
        #expect(RouteMessages.proxyNeighbourDump.count == 12)
    }

    // MARK: - Messages

    /// Datagrams that split, and the messages they hold.
    static let goodDatagrams: [(bytes: [UInt8], messages: [NetlinkCodec.Message])] = [
        // empty: no messages
        ([], []),
        // two messages, the first with a 5-byte payload padded to 8
        (B.message(type: 24, sequence: 3, payload: [1, 2, 3, 4, 5]) + B.message(type: 3, flags: 0x2, sequence: 3, payload: [0, 0, 0, 0]),
            [NetlinkCodec.Message(type: 24, flags: 0x2, sequence: 3, payload: [1, 2, 3, 4, 5]),
             NetlinkCodec.Message(type: 3, flags: 0x2, sequence: 3, payload: [0, 0, 0, 0])]),
        // a last message without its padding at the datagram's end
        (Array(B.message(type: 16, sequence: 9, payload: [7, 7, 7]).prefix(19)),
            [NetlinkCodec.Message(type: 16, flags: 0x2, sequence: 9, payload: [7, 7, 7])]),
        // a header-only message: empty payload
        (B.message(type: 3, flags: 0x12, sequence: 4, payload: []), [NetlinkCodec.Message(type: 3, flags: 0x12, sequence: 4, payload: [])]),
    ]

    /// Each datagram splits into exactly its messages, padding left out of the payloads.
    @Test(arguments: goodDatagrams)
    func messages(_ bytes: [UInt8], _ expected: [NetlinkCodec.Message]) throws {
        #expect(try NetlinkCodec.messages(in: bytes) == expected)
    }

    /// `bytes` with its first 32-bit length replaced by `length`.
    static func withLength(_ length: UInt32, _ bytes: [UInt8]) -> [UInt8] {
        B.integer(length) + bytes.dropFirst(4)
    }

    /// Datagrams whose lengths lie.
    static let badDatagrams: [[UInt8]] = [
        withLength(100, B.message(type: 24, payload: [UInt8](repeating: 0, count: 16))),  // claims more than the datagram
        withLength(33, B.message(type: 24, payload: [UInt8](repeating: 0, count: 16))),  // one byte too many
        withLength(8, B.message(type: 24, payload: [UInt8](repeating: 0, count: 16))),  // shorter than nlmsghdr
        withLength(0, B.message(type: 24, payload: [])),  // zero: would never advance
        withLength(15, B.message(type: 24, payload: [])),  // one short of the header
        B.message(type: 24, payload: [1, 2, 3, 4]) + withLength(64, B.message(type: 3, payload: [])),  // the second overruns
        B.message(type: 24, payload: [1, 2, 3, 4]) + withLength(4, B.message(type: 3, payload: [])),  // the second is too short
        B.message(type: 20, payload: [1, 2, 3, 4]) + [9, 9, 9, 9, 9, 9, 9, 9],  // 8 trailing bytes: a truncated datagram
    ]

    /// Each lying datagram is an error, never a crash or a partial read.
    @Test(arguments: badDatagrams)
    func lyingLengthThrows(_ bytes: [UInt8]) {
        #expect(throws: NetlinkError.self) { try NetlinkCodec.messages(in: bytes) }
    }

    /// The error says where and how big.
    @Test func overrunMessage() {
        let bytes = Self.withLength(100, B.message(type: 24, payload: [UInt8](repeating: 0, count: 16)))
        #expect(throws: NetlinkError("netlink message of 100 bytes at offset 0 overruns the 32-byte datagram")) {
            try NetlinkCodec.messages(in: bytes)
        }
    }

    // MARK: - Attributes

    /// Payloads (after a family header of the given length) and their attributes by type.
    static let goodAttributes: [(payload: [UInt8], headerLength: Int, attributes: [UInt16: [UInt8]])] = [
        // two attributes, the first padded from 5 to 8 bytes
        ([UInt8](repeating: 0, count: 12) + B.attribute(1, [1, 2, 3, 4, 5]) + B.attribute(4, [9, 0, 0, 0]), 12,
            [1: [1, 2, 3, 4, 5], 4: [9, 0, 0, 0]]),
        // a family header of 5 bytes is followed by padding to 8
        ([1, 2, 3, 4, 5, 0, 0, 0] + B.attribute(3, [0x6c, 0x6f, 0]), 5, [3: [0x6c, 0x6f, 0]]),
        // an empty attribute
        ([UInt8](repeating: 0, count: 8) + B.attribute(6, []), 8, [6: []]),
        // a duplicate: the later one wins
        ([UInt8](repeating: 0, count: 8) + B.attribute(1, [1]) + B.attribute(1, [2]), 8, [1: [2]]),
        // NLA_F_NESTED and NLA_F_NET_BYTEORDER are not part of the type
        ([UInt8](repeating: 0, count: 8) + B.attribute(0x8009, [5]) + B.attribute(0x400c, [6]), 8, [9: [5], 12: [6]]),
        // the last attribute without its padding
        ([UInt8](repeating: 0, count: 8) + Array(B.attribute(2, [1, 2, 3]).prefix(7)), 8, [2: [1, 2, 3]]),
        // fewer than 4 trailing bytes are not an attribute
        ([UInt8](repeating: 0, count: 8) + B.attribute(2, [1, 2, 3, 4]) + [1, 2], 8, [2: [1, 2, 3, 4]]),
        // a payload no longer than its family header: none
        ([UInt8](repeating: 0, count: 8), 8, [:]),
        // a payload shorter than its family header: none, not a crash
        ([1, 2, 3], 12, [:]),
    ]

    /// Each payload gives exactly its attributes.
    @Test(arguments: goodAttributes)
    func attributes(_ payload: [UInt8], _ headerLength: Int, _ expected: [UInt16: [UInt8]]) throws {
        #expect(try NetlinkCodec.attributes(in: payload, after: headerLength) == expected)
    }

    /// Attributes whose lengths lie.
    static let badAttributes: [[UInt8]] = [
        [UInt8](repeating: 0, count: 8) + B.integer(UInt16(12)) + B.integer(UInt16(1)) + [1, 2, 3, 4],  // 12 claimed, 8 there
        [UInt8](repeating: 0, count: 8) + B.integer(UInt16(3)) + B.integer(UInt16(1)) + [0, 0, 0, 0],  // shorter than rtattr
        [UInt8](repeating: 0, count: 8) + B.integer(UInt16(0)) + B.integer(UInt16(1)),  // zero: would never advance
        [UInt8](repeating: 0, count: 8) + B.attribute(1, [1, 2, 3, 4]) + B.integer(UInt16(200)) + B.integer(UInt16(2)),  // the second overruns
    ]

    /// Each lying attribute is an error.
    @Test(arguments: badAttributes)
    func lyingAttributeThrows(_ payload: [UInt8]) {
        #expect(throws: NetlinkError.self) { try NetlinkCodec.attributes(in: payload, after: 8) }
    }

    // MARK: - Fields

    /// Addresses are sixteen bytes in network order; anything else is none.
    @Test func addressField() {
        #expect(NetlinkCodec.address(B.addressBytes("2001:db8::1")) == IPv6Address(parsing: "2001:db8::1"))
        #expect(NetlinkCodec.address(B.addressBytes("fe80::1:2:3:4")) == IPv6Address(parsing: "fe80::1:2:3:4"))
        #expect(NetlinkCodec.address([192, 0, 2, 1]) == nil)  // an IPv4 address
        #expect(NetlinkCodec.address(Array(B.addressBytes("::1").prefix(15))) == nil)  // one byte short
        #expect(NetlinkCodec.address(nil) == nil)  // the attribute is absent
    }

    /// A field past the end of its bytes is none.
    @Test func boundedField() {
        #expect(NetlinkCodec.field(UInt32.self, B.integer(UInt32(254)), at: 0) == 254)
        #expect(NetlinkCodec.field(UInt32.self, [1, 2, 3], at: 0) == nil)
        #expect(NetlinkCodec.field(UInt16.self, [1, 2, 3], at: 2) == nil)
    }
}

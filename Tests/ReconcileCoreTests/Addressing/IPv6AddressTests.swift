#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReconcileCore
import Testing

/// Parsing, RFC 5952 formatting and the 128-bit arithmetic of ``IPv6Address``.
@Suite struct IPv6AddressTests {
    /// Well-formed address texts and the eight groups each must parse to.
    static let valid: [(String, [UInt16])] = [
        ("::", [0, 0, 0, 0, 0, 0, 0, 0]),  // all zeros, fully compressed
        ("::1", [0, 0, 0, 0, 0, 0, 0, 1]),  // loopback: leading run
        ("1::", [1, 0, 0, 0, 0, 0, 0, 0]),  // trailing run
        ("2001:db8::1", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]),  // run in the middle
        ("2001:0db8:0000:0000:0000:0000:0000:0001", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]),  // full form, leading zeros
        ("2001:DB8::ABCD", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xabcd]),  // upper-case hex
        ("2001:Db8::aBcD", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xabcd]),  // mixed case
        ("1:2:3:4:5:6:7:8", [1, 2, 3, 4, 5, 6, 7, 8]),  // eight groups, no compression
        ("0:0:0:0:0:0:0:0", [0, 0, 0, 0, 0, 0, 0, 0]),  // zeros written out
        ("1:2:3:4:5:6:7::", [1, 2, 3, 4, 5, 6, 7, 0]),  // "::" for a single trailing group
        ("::2:3:4:5:6:7:8", [0, 2, 3, 4, 5, 6, 7, 8]),  // "::" for a single leading group
        ("1:2:3::5:6:7:8", [1, 2, 3, 0, 5, 6, 7, 8]),  // "::" for a single middle group
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", [UInt16](repeating: 0xffff, count: 8)),  // all ones
        ("2001:470:b080:103:1::", [0x2001, 0x470, 0xb080, 0x103, 1, 0, 0, 0]),  // the /80 prefix from the field
        ("::ffff:192.0.2.1", [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]),  // IPv4-mapped tail
        ("::1.2.3.4", [0, 0, 0, 0, 0, 0, 0x0102, 0x0304]),  // IPv4 tail right after "::"
        ("1::1.2.3.4", [1, 0, 0, 0, 0, 0, 0x0102, 0x0304]),  // head, "::", IPv4 tail
        ("1:2:3:4:5:6:1.2.3.4", [1, 2, 3, 4, 5, 6, 0x0102, 0x0304]),  // six groups and an IPv4 tail, no "::"
        ("1:2:3:4:5::1.2.3.4", [1, 2, 3, 4, 5, 0, 0x0102, 0x0304]),  // "::" for one group before an IPv4 tail
        ("64:ff9b::255.255.255.255", [0x64, 0xff9b, 0, 0, 0, 0, 0xffff, 0xffff]),  // largest octets
        ("::0.0.0.0", [0, 0, 0, 0, 0, 0, 0, 0]),  // single-digit zero octets are not "leading zeros"
        ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", [UInt16](repeating: 0xffff, count: 8)),  // 45 chars, the longest valid text
        ("0000:0000:0000:0000:0000:0000:0000:0000", [0, 0, 0, 0, 0, 0, 0, 0]),  // 39 chars of zeros
    ]

    /// Texts that are not an IPv6 address; each must parse to nil.
    static let invalid: [String] = [
        "",  // empty
        ":",  // a lone colon
        ":::",  // three colons
        ":::1",  // "::" followed by a stray colon
        "1:::2",  // three colons in the middle
        "1::2::3",  // two "::"
        "::1::",  // two "::", at both ends
        "1:2:3:4:5:6:7:8:9",  // nine groups
        "1:2:3:4:5:6:7",  // seven groups without "::"
        "1:2:3:4:5:6:7:8::",  // "::" with eight groups written: stands for nothing
        "::1:2:3:4:5:6:7:8",  // same, leading
        "1:2:3:4::5:6:7:8",  // same, in the middle
        "12345::1",  // five-digit group
        "2001:db8::00001",  // five digits even when they are leading zeros
        "1:2:3:4:5:6:7:",  // trailing single colon
        "1:2:3:4:5:6:7:8:",  // trailing colon after eight groups
        "1::2:",  // trailing single colon after a compressed form
        ":1:2:3:4:5:6:7",  // leading single colon
        ":1::",  // leading single colon before "::"
        "::g",  // non-hex letter
        "2001:db8::x1",  // non-hex letter in a group
        "-1::",  // sign
        "+1::",  // sign
        "0x1::",  // hex prefix
        "::ffff:1.2.3.256",  // IPv4 octet above 255
        "::ffff:1.2.03.4",  // IPv4 octet with a leading zero
        "::ffff:01.2.3.4",  // leading zero in the first octet
        "::ffff:1.2.3",  // three octets
        "::ffff:1.2.3.4.5",  // five octets
        "::ffff:1..3.4",  // empty octet
        "::ffff:1.2.3.",  // trailing dot
        "::1.2.3.4:5",  // IPv4 part not at the end
        "1:2:3:4:5:6:7:1.2.3.4",  // seven groups plus an IPv4 tail: nine groups
        "1:2:3:4:5:6::1.2.3.4",  // "::" standing for nothing before an IPv4 tail
        ":1.2.3.4",  // a lone colon before an IPv4 tail
        "1.2.3.4",  // bare IPv4
        "fe80::1%eth0",  // zone identifier
        "fe80::1%1",  // numeric zone identifier
        "[::1]",  // URL brackets
        "::1/128",  // prefix length belongs to a subnet
        "２００１::1",  // full-width (Unicode) digits
        "2001:db8::１",  // one full-width digit
        "2001:db8::٣",  // Arabic-Indic digit
        "2001：db8::1",  // full-width colon
        " ::1",  // leading space
        "::1 ",  // trailing space
        "2001: db8::1",  // inner space
        "::1\n",  // trailing newline
        "::1\0",  // embedded NUL
        "0000:0000:0000:0000:0000:0000:0000:0000:0",  // 41 chars, but nine groups
        String(repeating: "1:", count: 23),  // 46 chars
        "::" + String(repeating: "0", count: 44),  // 46 chars
        String(repeating: "f", count: 10_000),  // huge input
    ]

    /// Each valid text parses to the expected groups, and `groups` reads them back.
    @Test(arguments: valid)
    func parsesValidText(text: String, groups: [UInt16]) throws {
        let address = try #require(IPv6Address(parsing: text))
        #expect(address.groups == groups)
        #expect(address == IPv6Address(groups: groups))
    }

    /// Each invalid text is refused.
    @Test(arguments: invalid)
    func refusesInvalidText(text: String) {
        #expect(IPv6Address(parsing: text) == nil)
    }

    /// A substring parses like the string it was cut from (the parser takes any StringProtocol).
    @Test func parsesSubstring() {
        let text = "[2001:db8::1]"
        let inner = text.dropFirst().dropLast()
        #expect(IPv6Address(parsing: inner) == Fixture.address("2001:db8::1"))
    }

    /// The parser agrees with the C library's `inet_pton` on every table case: the same bytes for
    /// the valid texts and a refusal for the invalid ones (an independent oracle for the grammar).
    @Test func agreesWithInetPton() {
        func pton(_ text: String) -> [UInt16]? {
            guard !text.utf8.contains(0) else { return nil }  // C strings end at NUL
            var bytes = [UInt8](repeating: 0, count: 16)
            guard inet_pton(AF_INET6, text, &bytes) == 1 else { return nil }
            return (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        }
        for (text, groups) in Self.valid {
            #expect(pton(text) == groups, "inet_pton disagrees on \(text)")
        }
        for text in Self.invalid {
            #expect(pton(text) == nil, "inet_pton accepts \(text.debugDescription)")
        }
    }

    /// Parsed texts and the RFC 5952 canonical text each must print as.
    static let canonical: [(String, String)] = [
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),  // leading zeros dropped, run compressed
        ("2001:DB8::ABCD", "2001:db8::abcd"),  // lower case
        ("0:0:0:0:0:0:0:0", "::"),  // all zeros
        ("0:0:0:0:0:0:0:1", "::1"),  // leading run
        ("1:0:0:0:0:0:0:0", "1::"),  // trailing run
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),  // the longest run wins, not the first
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  // equal runs: the first wins
        ("0:0:1:2:3:4:0:0", "::1:2:3:4:0:0"),  // equal runs at both ends: the first wins
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),  // a later, longer run wins over an earlier one
        ("0:0:1:0:0:0:0:0", "0:0:1::"),  // a longer trailing run wins over a leading one
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // a single zero group is not compressed
        ("1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"),  // single trailing zero group
        ("0:2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),  // single leading zero group
        ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"),  // alternating single zeros: nothing compressed
        ("2001:db8:1:1:0:3d:7a:30", "2001:db8:1:1:0:3d:7a:30"),  // mon_container on 2001:db8:1:1::/80
        ("2001:470:b080:103:1:3d:7a:30", "2001:470:b080:103:1:3d:7a:30"),  // no zero group at all
        ("fe80:0000:0000:0000:0204:61ff:fe9d:f156", "fe80::204:61ff:fe9d:f156"),  // RFC 4291 style example
        ("::ffff:192.0.2.1", "::ffff:c000:201"),  // an IPv4 tail is printed as hex groups
        ("FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),  // all ones
    ]

    /// Each text prints in canonical form, and the canonical text parses back to the same value.
    @Test(arguments: canonical)
    func printsCanonicalText(text: String, expected: String) throws {
        let address = try #require(IPv6Address(parsing: text))
        #expect(address.description == expected)
        #expect(IPv6Address(parsing: address.description) == address)
        #expect("\(address)" == expected)
    }

    /// Every address whose groups are drawn from {0, 1, 0xabcd} (3^8 = 6561 addresses, every
    /// pattern of zero runs) round-trips through its text, and the text matches the C library's
    /// `inet_ntop` wherever that one does not switch to its dotted IPv4 form.
    @Test func roundTripsEveryZeroRunPattern() {
        let choices: [UInt16] = [0, 1, 0xabcd]
        var checked = 0
        for code in 0..<6561 {
            var rest = code
            var groups: [UInt16] = []
            for _ in 0..<8 {
                groups.append(choices[rest % 3])
                rest /= 3
            }
            let address = IPv6Address(groups: groups)
            let text = address.description
            guard IPv6Address(parsing: text) == address else {
                Issue.record("\(groups) printed as \(text), which does not parse back")
                continue
            }
            #expect(!text.contains(":::"))
            #expect(text.doubleColonCount <= 1)
            var bytes = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
            var buffer = [CChar](repeating: 0, count: 64)
            guard inet_ntop(AF_INET6, &bytes, &buffer, socklen_t(buffer.count)) != nil else {
                Issue.record("inet_ntop failed for \(groups)")
                continue
            }
            let reference = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if reference.contains(".") { continue }  // IPv4-compatible or -mapped: libc prints dotted
            #expect(text == reference, "\(groups)")
            checked += 1
        }
        #expect(checked > 6000)
    }

    /// Addresses are equal, hashed and ordered by value, however they were written.
    @Test func equalityIsNumeric() {
        let spellings = ["2001:db8::1", "2001:0db8:0:0::0001", "2001:DB8:0:0:0:0:0:1", "2001:db8::0.0.0.1"]
        let addresses = spellings.map(Fixture.address)
        #expect(Set(addresses).count == 1)
        #expect(addresses.allSatisfy { $0 == addresses[0] })
        #expect(Fixture.address("2001:db8::1") != Fixture.address("2001:db8::2"))
    }

    /// Pairs of addresses in strictly increasing numeric order.
    static let ordered: [(String, String)] = [
        ("::", "::1"),  // zero is the smallest
        ("::1", "::2"),  // low half decides when high halves are equal
        ("::ffff:ffff:ffff:ffff", "0:0:0:1::"),  // any high bit outweighs the whole low half
        ("1::ffff", "1:0:0:1::"),  // high half decides first
        ("7fff::", "8000::"),  // unsigned: the top bit does not make it negative
        ("fffe::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),  // the largest address
    ]

    /// `<` is numeric order, most significant half first, and strict.
    @Test(arguments: ordered)
    func ordersNumerically(smaller: String, larger: String) {
        let lhs = Fixture.address(smaller)
        let rhs = Fixture.address(larger)
        #expect(lhs < rhs)
        #expect(!(rhs < lhs))
        #expect(!(lhs < lhs))
    }

    /// `init(groups:)` and `init(high:low:)` agree, and `groups` splits the halves back.
    @Test func groupsAndHalvesAgree() {
        let address = IPv6Address(groups: [0x2001, 0xdb8, 0x1, 0x2, 0x3, 0x4, 0x5, 0x6])
        #expect(address.high == 0x2001_0db8_0001_0002)
        #expect(address.low == 0x0003_0004_0005_0006)
        #expect(IPv6Address(high: 0x2001_0db8_0001_0002, low: 0x0003_0004_0005_0006) == address)
        #expect(address.groups == [0x2001, 0xdb8, 0x1, 0x2, 0x3, 0x4, 0x5, 0x6])
        #expect(IPv6Address.zero == IPv6Address(high: 0, low: 0))
        #expect(IPv6Address.zero.description == "::")
    }

    /// Prefix lengths and the netmask each must produce.
    static let masks: [(Int, String)] = [
        (0, "::"),  // no network bits
        (1, "8000::"),  // top bit only
        (16, "ffff::"),  // one whole group
        (63, "ffff:ffff:ffff:fffe::"),  // one bit short of the high half
        (64, "ffff:ffff:ffff:ffff::"),  // exactly the high half
        (65, "ffff:ffff:ffff:ffff:8000::"),  // first bit of the low half
        (80, "ffff:ffff:ffff:ffff:ffff::"),  // the Docker /80 from the field
        (127, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"),  // all but the last bit
        (128, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),  // every bit
    ]

    /// `mask(prefixLength:)` sets exactly the first `length` bits.
    @Test(arguments: masks)
    func masksPrefixLength(length: Int, expected: String) {
        let mask = IPv6Address.mask(prefixLength: length)
        #expect(mask == Fixture.address(expected))
        #expect(mask.high.nonzeroBitCount + mask.low.nonzeroBitCount == length)
        #expect((~mask).bitWidth == 128 - length)
    }

    /// `|`, `&` and `~` work bit by bit across both halves.
    @Test func bitwiseOperatorsSpanBothHalves() {
        let prefix = Fixture.address("2001:db8:1:1::")
        let suffix = Fixture.address("::3d:7a:30")
        #expect(prefix | suffix == Fixture.address("2001:db8:1:1:0:3d:7a:30"))
        #expect(prefix & suffix == .zero)
        #expect((prefix | suffix) & IPv6Address.mask(prefixLength: 80) == prefix)
        #expect((prefix | suffix) & ~IPv6Address.mask(prefixLength: 80) == suffix)
        #expect(~IPv6Address.zero == Fixture.address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
        #expect(~(~prefix) == prefix)
    }

    /// Addresses and the address one above each.
    static let successors: [(String, String)] = [
        ("::", "::1"),  // from zero
        ("2001:db8::", "2001:db8::1"),  // a subnet's first address
        ("::fffe", "::ffff"),  // within a group
        ("::ffff", "::1:0"),  // carry into the next group
        ("::ffff:ffff:ffff:ffff", "0:0:0:1::"),  // carry from the low half into the high half
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::"),  // wraps at the top
    ]

    /// `successor` adds one with carry between the halves.
    @Test(arguments: successors)
    func successorAddsOne(text: String, expected: String) {
        #expect(Fixture.address(text).successor == Fixture.address(expected))
    }

    /// Values and their number of significant bits.
    static let widths: [(String, Int)] = [
        ("::", 0),  // zero has no significant bit
        ("::1", 1),  // lowest bit
        ("::ff", 8),  // one byte
        ("::100", 9),  // just over a byte
        ("::3d:7a:30", 38),  // mon_container's derived suffix: 0x3d has six bits
        ("::ffff:ffff:ffff", 48),  // exactly a /80's host bits
        ("::1:0:0:0", 49),  // one bit more than a /80 has
        ("::ffff:ffff:ffff:ffff", 64),  // the whole low half
        ("0:0:0:1::", 65),  // lowest bit of the high half
        ("8000::", 128),  // top bit
    ]

    /// `bitWidth` counts significant bits across both halves.
    @Test(arguments: widths)
    func countsSignificantBits(text: String, width: Int) {
        #expect(Fixture.address(text).bitWidth == width)
    }
}

/// Text checks used by the formatting tests.
extension String {
    /// How many times `::` occurs, counting `:::` once (used to check that at most one run of
    /// zero groups is compressed).
    fileprivate var doubleColonCount: Int {
        var count = 0
        var previous: Character?
        for character in self {
            if character == ":" && previous == ":" { count += 1; previous = nil; continue }
            previous = character
        }
        return count
    }
}

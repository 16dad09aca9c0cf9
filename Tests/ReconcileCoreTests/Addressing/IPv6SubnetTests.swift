import ReconcileCore
import Testing

/// Parsing and arithmetic of ``IPv6Subnet``, the `Subnet` text of Docker's IPAM config.
@Suite struct IPv6SubnetTests {
    /// Subnet texts as Docker (or an operator) may write them, and the canonical text each is.
    static let valid: [(String, String)] = [
        ("2001:db8:1:1::/80", "2001:db8:1:1::/80"),  // the Docker /80 from the field
        ("2001:470:b080:103:1::/80", "2001:470:b080:103:1::/80"),  // /80 whose fifth group is not zero
        ("2001:DB8:1:1::/80", "2001:db8:1:1::/80"),  // upper case
        ("2001:0db8:0001:0001:0000:0000:0000:0000/80", "2001:db8:1:1::/80"),  // full form with leading zeros
        ("2001:db8:1:1:0:0:0:0/80", "2001:db8:1:1::/80"),  // eight groups, no compression
        ("2001:db8:1:1::ffff/80", "2001:db8:1:1::/80"),  // host bits set: cleared
        ("2001:db8:1:1:ffff:ffff:ffff:ffff/64", "2001:db8:1:1::/64"),  // every host bit set
        ("2001:db8:1:1::0.0.0.0/80", "2001:db8:1:1::/80"),  // IPv4 tail
        ("::ffff:192.0.2.0/120", "::ffff:c000:200/120"),  // IPv4-mapped network
        ("2001:db8::/64", "2001:db8::/64"),  // plain /64
        ("fd00::/8", "fd00::/8"),  // short ULA prefix
        ("2001:db8::1/128", "2001:db8::1/128"),  // a single address
        ("::/0", "::/0"),  // everything
        ("2001:db8::/0", "::/0"),  // length 0 clears every bit
        ("2001:db8:abcd:12::/127", "2001:db8:abcd:12::/127"),  // point-to-point length
        ("8000::/1", "8000::/1"),  // one-bit prefix
        ("ffff::/9", "ff80::/9"),  // a length inside a group clears the group's low bits
    ]

    /// Texts that are not an IPv6 subnet; each must parse to nil.
    static let invalid: [String] = [
        "",  // empty
        "198.18.0.0/24",  // IPv4 subnet (Docker lists them in the same array)
        "2001:db8::",  // no length
        "2001:db8::/",  // empty length
        "/80",  // empty address
        "2001:db8::/129",  // length above 128
        "2001:db8::/1000",  // four-digit length
        "2001:db8::/080",  // leading zero in the length
        "2001:db8::/00",  // zero written twice
        "2001:db8::/+80",  // signed length
        "2001:db8::/-1",  // negative length
        "2001:db8::/0x40",  // hex length
        "2001:db8::/8 0",  // space in the length
        "2001:db8::/80 ",  // trailing space
        " 2001:db8::/80",  // leading space
        "2001:db8::/８０",  // full-width digits in the length
        "2001:db8::/80/80",  // two slashes
        "2001:db8:::/80",  // bad address part
        "2001:db8::g/80",  // non-hex address
        "fe80::%eth0/64",  // zone identifier
        "2001:db8::/64\n",  // trailing newline
    ]

    /// Each valid text parses and prints canonically, and the canonical text parses back equal.
    @Test(arguments: valid)
    func parsesValidText(text: String, expected: String) throws {
        let subnet = try #require(IPv6Subnet(parsing: text))
        #expect(subnet.description == expected)
        #expect(IPv6Subnet(parsing: subnet.description) == subnet)
    }

    /// Each invalid text is refused.
    @Test(arguments: invalid)
    func refusesInvalidText(text: String) {
        #expect(IPv6Subnet(parsing: text) == nil)
    }

    /// Every length from 0 to 128 parses, and only those.
    @Test func acceptsEveryLengthUpTo128() {
        for length in 0...128 {
            #expect(IPv6Subnet(parsing: "2001:db8::/\(length)")?.prefixLength == length)
        }
        #expect(IPv6Subnet(parsing: "2001:db8::/129") == nil)
        #expect(IPv6Subnet(parsing: "2001:db8::/999") == nil)
    }

    /// Differently spelled texts of one subnet are equal and hash alike.
    @Test func equalityIgnoresSpelling() {
        let spellings = [
            "2001:db8:1:1::/80", "2001:DB8:1:1::/80", "2001:0db8:0001:0001:0000:0000:0000:0000/80",
            "2001:db8:1:1::ffff/80", "2001:db8:1:1:0:0:0.0.0.1/80",
        ]
        let subnets = spellings.map(Fixture.subnet)
        #expect(Set(subnets).count == 1)
        #expect(Fixture.subnet("2001:db8:1:1::/80") != Fixture.subnet("2001:db8:1:1::/64"))
    }

    /// `init(address:prefixLength:)` clears host bits.
    @Test func initClearsHostBits() {
        let subnet = IPv6Subnet(address: Fixture.address("2001:db8:1:1:0:3d:7a:30"), prefixLength: 80)
        #expect(subnet.network == Fixture.address("2001:db8:1:1::"))
        #expect(subnet.prefixLength == 80)
    }

    /// Subnets, their host-bit counts and host masks.
    static let hostParts: [(String, Int, String)] = [
        ("2001:db8:1:1::/80", 48, "::ffff:ffff:ffff"),  // Docker /80: three groups for hosts
        ("2001:db8::/64", 64, "::ffff:ffff:ffff:ffff"),  // /64: the low half
        ("2001:db8::/120", 8, "::ff"),  // one byte
        ("2001:db8::1/128", 0, "::"),  // no host bits
        ("::/0", 128, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),  // all host bits
    ]

    /// `hostBits` and `hostMask` are the complement of the prefix.
    @Test(arguments: hostParts)
    func hostBitsAndMask(text: String, bits: Int, mask: String) {
        let subnet = Fixture.subnet(text)
        #expect(subnet.hostBits == bits)
        #expect(subnet.hostMask == Fixture.address(mask))
    }

    /// Subnets, addresses and whether each address lies inside.
    static let membership: [(String, String, Bool)] = [
        ("2001:db8:1:1::/80", "2001:db8:1:1::", true),  // the network address itself
        ("2001:db8:1:1::/80", "2001:db8:1:1:0:3d:7a:30", true),  // a host
        ("2001:db8:1:1::/80", "2001:db8:1:1:0:ffff:ffff:ffff", true),  // the last address
        ("2001:db8:1:1::/80", "2001:db8:1:1:1::", false),  // just above
        ("2001:db8:1:1::/80", "2001:db8:1:0:ffff:ffff:ffff:ffff", false),  // just below
        ("2001:db8:1:1::/80", "::3d:7a:30", false),  // a bare suffix is not in the subnet
        ("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true),  // /0 holds everything
        ("2001:db8::1/128", "2001:db8::1", true),  // /128 holds only itself
        ("2001:db8::1/128", "2001:db8::2", false),  // and nothing else
    ]

    /// `contains` compares the masked address with the network.
    @Test(arguments: membership)
    func containsAddress(subnet: String, address: String, inside: Bool) {
        #expect(Fixture.subnet(subnet).contains(Fixture.address(address)) == inside)
    }

    /// Subnets and the first host address Docker takes as the default gateway.
    static let firstAddresses: [(String, String)] = [
        ("2001:db8:1:1::/80", "2001:db8:1:1::1"),  // Docker /80
        ("2001:db8:1:1::ffff/80", "2001:db8:1:1::1"),  // from the network address, not the written one
        ("fd00::/8", "fd00::1"),  // short prefix
    ]

    /// `firstAddress` is the network address plus one.
    @Test(arguments: firstAddresses)
    func firstAddressIsNetworkPlusOne(subnet: String, expected: String) {
        #expect(Fixture.subnet(subnet).firstAddress == Fixture.address(expected))
    }
}

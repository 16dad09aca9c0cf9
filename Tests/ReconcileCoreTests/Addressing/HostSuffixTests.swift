import ReconcileCore
import Testing

/// The host suffix: parsing the explicit label, deriving it from the container name exactly as
/// the Python tool did, and the quoting of untrusted text in its error messages.
@Suite struct HostSuffixTests {
    /// Suffix labels that must be accepted, the value each stands for (as an address) and how the
    /// suffix prints.
    static let valid: [(label: String, value: String, text: String)] = [
        ("ab:cd:56", "::ab:cd:56", "ab:cd:56"),  // three groups, the documented example
        ("::1:2", "::1:2", "1:2"),  // leading "::", the other documented form
        ("1:2", "::1:2", "1:2"),  // the same suffix without "::"
        ("1", "::1", "1"),  // one group
        ("::ffff", "::ffff", "ffff"),  // one full group after "::"
        ("AB:CD:56", "::ab:cd:56", "ab:cd:56"),  // upper case
        ("00ab:00cd:0056", "::ab:cd:56", "ab:cd:56"),  // leading zeros within groups
        ("0:0:1", "::1", "1"),  // leading zero groups are allowed (and not printed)
        ("1:0", "::1:0", "1:0"),  // trailing zero group is significant
        ("1:0:2", "::1:0:2", "1:0:2"),  // inner zero group kept in the text
        ("ffff:ffff:ffff", "::ffff:ffff:ffff", "ffff:ffff:ffff"),  // exactly 48 bits, a full /80 host part
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),  // eight groups: a whole address's worth
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),  // the largest value
    ]

    /// Each valid label parses to the right right-aligned value and prints without leading zeros.
    @Test(arguments: valid)
    func parsesValidLabel(label: String, value: String, text: String) throws {
        let suffix = try HostSuffix(parsing: label)
        #expect(suffix.value == Fixture.address(value))
        #expect(suffix.description == text)
        #expect(try HostSuffix(parsing: suffix.description) == suffix)
    }

    /// Suffix labels that must be refused, and the error each must give.
    static let invalid: [(String, SuffixError)] = [
        ("", .empty),  // present but empty
        (" ", .notHex(" ")),  // a space
        (" ab", .notHex(" ab")),  // leading space
        ("ab ", .notHex("ab ")),  // trailing space
        ("ab cd", .notHex("ab cd")),  // inner space
        ("ab:cd:56\n", .notHex("56\n")),  // trailing newline
        ("\t1", .notHex("\t1")),  // tab
        ("ab:cd:5g", .notHex("5g")),  // non-hex letter
        ("xyz", .notHex("xyz")),  // no hex at all
        ("12345", .notHex("12345")),  // five digits in a group
        ("-1", .notHex("-1")),  // sign
        ("+1", .notHex("+1")),  // sign
        ("0x1f", .notHex("0x1f")),  // hex prefix
        ("1.2.3.4", .notHex("1.2.3.4")),  // no IPv4 tail in a suffix
        ("ab.cd", .notHex("ab.cd")),  // dots instead of colons
        ("ａｂ", .notHex("ａｂ")),  // full-width letters
        ("ab:cd:５６", .notHex("５６")),  // full-width digits
        ("٣", .notHex("٣")),  // Arabic-Indic digit
        ("1:2:3:4:5:6:7:8:9", .tooManyGroups(9)),  // nine groups
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:1", .tooManyGroups(9)),  // nine groups, huge value
        ("::1:2:3:4:5:6:7:8:9", .tooManyGroups(9)),  // nine groups after "::"
        (":::", .misplacedDoubleColon(":::")),  // three colons
        ("::::", .misplacedDoubleColon("::::")),  // four colons
        ("2001:db8::1", .misplacedDoubleColon("2001:db8::1")),  // a full address with an embedded "::"
        ("ab::", .misplacedDoubleColon("ab::")),  // trailing "::"
        ("ab::cd", .misplacedDoubleColon("ab::cd")),  // "::" in the middle
        ("::ab::cd", .misplacedDoubleColon("::ab::cd")),  // a second "::" after a leading one
        (":ab", .misplacedDoubleColon(":ab")),  // leading single colon
        ("ab:", .misplacedDoubleColon("ab:")),  // trailing single colon
        ("::ab:", .misplacedDoubleColon("::ab:")),  // trailing colon after a leading "::"
        (":::ab", .misplacedDoubleColon(":::ab")),  // three leading colons
        ("0:0", .zero),  // zero: the subnet's own address
        ("0", .zero),  // a single zero group
        ("0000:0000", .zero),  // zeros written long
        ("::", .zero),  // nothing after "::"
        ("::0", .zero),  // zero after "::"
        (String(repeating: "a", count: 65), .tooLong(65)),  // one byte over the limit
        (String(repeating: "1:", count: 500), .tooLong(1000)),  // absurdly long
        (String(repeating: "é", count: 33), .tooLong(66)),  // the limit counts UTF-8 bytes, not characters
        (String(repeating: "a", count: 64), .notHex(String(repeating: "a", count: 64))),  // 64 bytes is not yet too long
    ]

    /// Each invalid label throws exactly the expected error.
    @Test(arguments: invalid)
    func refusesInvalidLabel(label: String, expected: SuffixError) {
        #expect(throws: expected) { try HostSuffix(parsing: label) }
    }

    /// Container names and the suffix Python's `hashlib.md5(name).digest()[:3]` gives (computed
    /// with python3 and pasted here; the first three are the compatibility contract).
    static let derived: [(String, String)] = [
        ("mon_container", "3d:7a:30"),  // the documented example
        ("nginx", "ee:43:40"),  // documented example
        ("determined_jackson", "3f:2:9b"),  // documented example: a byte below 0x10 prints as one digit
        ("web", "25:67:a5"),  // short name
        ("", "d4:1d:8c"),  // empty name: MD5 of the empty string
        ("web.1", "3:8c:40"),  // two dot-separated parts: hashed as is
        ("a.b.c.d", "d4:a5:20"),  // four parts: hashed as is
        ("web.1.abcdef", "3:8c:40"),  // Swarm task `service.slot.taskid`: hashed as "web.1"
        ("a..b", "9f:bc:cc"),  // three parts with an empty middle: hashed as "a." (md5("a..b") would be c:9d:17)
        ("c7533237", "0"),  // MD5 starts 00 00 00: the derived suffix is zero
        ("c13074198", "1"),  // MD5 starts 00 00 01
    ]

    /// The derived suffix puts the first three digest bytes into the last three groups, one byte each.
    @Test(arguments: derived)
    func derivesFromName(name: String, expected: String) {
        let suffix = HostSuffix.derived(fromContainerName: name)
        #expect(suffix.description == expected)
        #expect(suffix.value.high == 0)
        #expect(suffix.value.groups[0..<5].allSatisfy { $0 == 0 })
        #expect(suffix.value.groups[5...].allSatisfy { $0 <= 0xff })
    }

    /// The derived suffix matches the digest bytes for many names: groups 6 to 8 are the first
    /// three digest bytes, the rest are zero.
    @Test func derivedSuffixIsTheFirstThreeDigestBytes() {
        for index in 0..<500 {
            let name = "container_\(index)"
            let digest = MD5.digest(Array(name.utf8))
            let groups = HostSuffix.derived(fromContainerName: name).value.groups
            #expect(groups == [0, 0, 0, 0, 0, UInt16(digest[0]), UInt16(digest[1]), UInt16(digest[2])], "\(name)")
        }
    }

    /// The compatibility contract: the Python tool's addresses on the two documented networks.
    @Test func matchesPythonToolOnDocumentedNetworks() {
        let suffix = HostSuffix.derived(fromContainerName: "mon_container")
        #expect((Fixture.subnet("2001:db8:1:1::/80").network | suffix.value).description == "2001:db8:1:1:0:3d:7a:30")
        #expect((Fixture.subnet("2001:470:b080:103:1::/80").network | suffix.value).description
            == "2001:470:b080:103:1:3d:7a:30")
    }

    /// Names and the part of each that is hashed.
    static let hashedNames: [(String, String)] = [
        ("web.1.abcdef", "web.1"),  // Swarm task: service.slot.taskid
        ("svc.2.x", "svc.2"),  // Swarm task with a short task ID
        ("a..b", "a."),  // three parts, empty middle: still three parts
        ("..", "."),  // three empty parts
        ("nginx", "nginx"),  // no dot
        ("web.1", "web.1"),  // two parts
        ("a.b.c.d", "a.b.c.d"),  // four parts
        (".", "."),  // two empty parts
        ("", ""),  // empty
    ]

    /// Only a name of exactly three dot-separated parts is shortened.
    @Test(arguments: hashedNames)
    func hashesServiceAndSlotOfSwarmTasks(name: String, expected: String) {
        #expect(HostSuffix.hashedName(name) == expected)
    }

    /// Two tasks of one Swarm slot get one suffix; another slot gets another.
    @Test func swarmTasksOfOneSlotShareASuffix() {
        let first = HostSuffix.derived(fromContainerName: "web.1.k3j5h6g7f8d9")
        let replacement = HostSuffix.derived(fromContainerName: "web.1.zz99yy88xx77")
        let otherSlot = HostSuffix.derived(fromContainerName: "web.2.k3j5h6g7f8d9")
        #expect(first == replacement)
        #expect(first != otherSlot)
    }

    /// `description` drops only leading zero groups and prints "0" for a zero value.
    @Test func descriptionDropsOnlyLeadingZeroGroups() {
        #expect(HostSuffix(value: Fixture.address("::1:0:0:2")).description == "1:0:0:2")
        #expect(HostSuffix(value: Fixture.address("1::")).description == "1:0:0:0:0:0:0:0")
        #expect(HostSuffix(value: .zero).description == "0")
    }

    /// Every error renders as one printable line; untrusted text in it is quoted and escaped.
    static let errorTexts: [(SuffixError, String)] = [
        (.empty, "suffix label is empty"),  // says what is wrong
        (.tooLong(99), "99 bytes"),  // says the length
        (.notHex("a\nb"), "\"a\\u{a}b\""),  // a newline in the label cannot start a new log line
        (.tooManyGroups(9), "9 groups"),  // says the count
        (.misplacedDoubleColon("a::\u{1b}[2J"), "\"a::\\u{1b}[2J\""),  // an escape sequence is neutralised
        (.zero, "zero"),  // says why zero is refused
    ]

    /// Error descriptions are single printable ASCII lines that contain the expected detail.
    @Test(arguments: errorTexts)
    func errorDescriptionsAreOnePrintableLine(error: SuffixError, fragment: String) {
        let text = error.description
        #expect(text.contains(fragment))
        #expect(text.unicodeScalars.allSatisfy { (" "..."~").contains($0) })
    }

    /// Texts and how `quoted` renders them for a log line.
    static let quotings: [(String, String)] = [
        ("abc", #""abc""#),  // plain text is only wrapped
        ("", #""""#),  // empty text
        (" ~", #"" ~""#),  // printable ASCII bounds stay as they are
        ("a\"b", #""a\"b""#),  // a quote is escaped
        ("a\\b", #""a\\b""#),  // a backslash is escaped
        ("\n", #""\u{a}""#),  // newline
        ("\r\n", #""\u{d}\u{a}""#),  // CRLF is two scalars, both escaped
        ("\u{0}", #""\u{0}""#),  // NUL
        ("\u{7f}", #""\u{7f}""#),  // DEL
        ("\u{1b}[31m", #""\u{1b}[31m""#),  // terminal escape sequence
        ("é", #""\u{e9}""#),  // non-ASCII letter
        ("🚀", #""\u{1f680}""#),  // astral scalar
        ("\u{202e}", #""\u{202e}""#),  // right-to-left override
    ]

    /// `quoted` wraps in quotes and escapes everything that is not printable ASCII.
    @Test(arguments: quotings)
    func quotesUntrustedText(text: String, expected: String) {
        #expect(quoted(text) == expected)
    }
}

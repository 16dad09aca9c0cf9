import ReconcileCore
import Testing

/// Engine API versions: parsing the `Api-Version` header, numeric order, and negotiation.
@Suite struct APIVersionTests {
    /// Texts that parse, and the version each is.
    static let valid: [(text: String, major: Int, minor: Int)] = [
        ("1.41", 1, 41),  // Docker 20.10
        ("1.40", 1, 40),  // Docker 19.03, our minimum
        ("1.9", 1, 9),  // one-digit minor
        ("1.051", 1, 51),  // leading zero: still decimal 51
        ("2.0", 2, 0),  // a future major
        ("0.0", 0, 0),  // zero parses (and is then too old)
        ("9999.9999", 9999, 9999),  // four digits per part, the most we take
    ]

    /// Each valid text parses to the expected numbers and prints them back without leading zeros.
    @Test(arguments: valid)
    func parsesVersion(text: String, major: Int, minor: Int) throws {
        let version = try #require(APIVersion(parsing: text))
        #expect(version == APIVersion(major: major, minor: minor))
        #expect(version.description == "\(major).\(minor)")
    }

    /// Texts that are not versions.
    static let invalid: [String] = [
        "",  // empty (an empty Api-Version header)
        "1",  // no minor
        "1.",  // empty minor
        ".41",  // empty major
        "1.41.0",  // three parts
        "v1.41",  // a v prefix, as in the URL path
        "1.41 ",  // trailing space
        " 1.41",  // leading space
        "1,41",  // comma
        "1.-1",  // sign
        "+1.41",  // sign
        "1.4a",  // letter
        "1.0x1f",  // hex
        "12345.1",  // five digits: no overflow games
        "1.99999999999999999999",  // twenty digits
        "١.٤١",  // Arabic-Indic digits are not ASCII digits
        "garbage",  // not a version at all
    ]

    /// Each invalid text yields nil, never a trap.
    @Test(arguments: invalid)
    func refusesGarbage(text: String) {
        #expect(APIVersion(parsing: text) == nil)
    }

    /// Pairs in strictly increasing numeric order.
    static let ordered: [(String, String)] = [
        ("1.9", "1.41"),  // numeric, not lexicographic ("1.9" > "1.41" as strings)
        ("1.40", "1.41"),  // adjacent
        ("1.99", "2.0"),  // the major decides first
        ("1.39", "1.40"),  // just below the minimum
    ]

    /// Order is numeric, major first.
    @Test(arguments: ordered)
    func comparesNumerically(lower: String, higher: String) throws {
        let low = try #require(APIVersion(parsing: lower))
        let high = try #require(APIVersion(parsing: higher))
        #expect(low < high)
        #expect(!(high < low))
        #expect(low != high)
    }

    /// The server's maximum and the version we then speak (nil: refuse the engine).
    static let negotiations: [(server: String, chosen: String?)] = [
        ("1.41", "1.41"),  // Docker 20.10: its own maximum
        ("1.40", "1.40"),  // exactly our minimum
        ("1.44", "1.44"),  // a version between ours
        ("1.51", "1.51"),  // exactly our maximum
        ("1.53", "1.51"),  // newer than we know: our maximum
        ("2.0", "1.51"),  // a future major: our maximum
        ("1.39", nil),  // just below the minimum: refused
        ("1.9", nil),  // 1.9 < 1.40 numerically: refused
        ("0.99", nil),  // ancient
    ]

    /// Negotiation takes the lower of the server's and ours, and refuses servers below 1.40.
    @Test(arguments: negotiations)
    func negotiates(server: String, chosen: String?) throws {
        let version = try #require(APIVersion(parsing: server))
        #expect(APIVersion.negotiated(server: version)?.description == chosen)
    }

    /// The bounds themselves: 1.40 (Docker 19.03) to 1.51.
    @Test func boundsAreTheDocumentedOnes() {
        #expect(APIVersion.minimum == APIVersion(major: 1, minor: 40))
        #expect(APIVersion.maximum == APIVersion(major: 1, minor: 51))
        #expect(APIVersion.minimum < APIVersion.maximum)
    }
}

import ReconcileCore
import Testing

/// Splitting the network label into references.
@Suite struct NetworkLabelTests {
    /// Labels and the references each must yield, in order.
    static let valid: [(String, [String])] = [
        ("web", ["web"]),  // one name
        ("web,db", ["web", "db"]),  // two names, order kept
        ("db,web", ["db", "web"]),  // order is the label's, not sorted
        ("web, db", ["web", "db"]),  // space after the comma
        (" web ,\tdb\t", ["web", "db"]),  // spaces and tabs around entries
        ("web,web", ["web"]),  // duplicate removed
        ("db,web,db", ["db", "web"]),  // duplicate removed, first occurrence kept
        ("web, web ", ["web"]),  // duplicates that differ only in spacing
        ("web,WEB", ["web", "WEB"]),  // case matters: Docker names are case-sensitive
        ("my net", ["my net"]),  // inner space kept
        ("a1b2c3d4e5f6", ["a1b2c3d4e5f6"]),  // an ID prefix is just a reference here
        ("web\n", ["web\n"]),  // only spaces and tabs are trimmed: a newline stays (and will not resolve)
    ]

    /// Each valid label yields the expected references.
    @Test(arguments: valid)
    func splitsLabel(label: String, expected: [String]) throws {
        #expect(try NetworkLabel.references(in: label) == expected)
    }

    /// Labels that are empty or have an empty entry.
    static let invalid: [String] = [
        "",  // empty
        " ",  // only a space
        "\t",  // only a tab
        ",",  // only a comma
        "web,",  // trailing comma
        ",web",  // leading comma
        "web,,db",  // empty entry in the middle
        "web, ,db",  // blank entry in the middle
        " , ",  // two blank entries
    ]

    /// Each invalid label throws, and the error carries the label as written.
    @Test(arguments: invalid)
    func refusesEmptyEntries(label: String) {
        let error = #expect(throws: NetworkLabelError.self) { try NetworkLabel.references(in: label) }
        #expect(error?.label == label)
    }
}

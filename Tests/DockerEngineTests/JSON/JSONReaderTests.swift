@testable import DockerEngine
import Testing

/// The pull reader on its own: strings with every escape, values it must skip, and the strictness
/// that keeps a hostile body an error rather than a guess.
@Suite struct JSONReaderTests {
    /// Reads one top-level string.
    static func string(_ json: String) throws -> String {
        try WireModels.decode(Array(json.utf8)) { (reader) throws(JSONReadError) in try reader.readString() }
    }

    /// Skips one top-level value and reports where the reader stopped.
    static func skipped(_ json: String) throws -> Int {
        try WireModels.decode(Array(json.utf8)) { (reader) throws(JSONReadError) in
            try reader.skipValue()
            return reader.offset
        }
    }

    /// Strings and what they decode to.
    @Test(arguments: [
        (#""plain""#, "plain"),  // the fast path
        (#""""#, ""),  // empty
        (#"  "spaced"  "#, "spaced"),  // whitespace around the value
        (#""q\"b\\s\/""#, "q\"b\\s/"),  // quote, backslash, solidus
        (#""\b\f\n\r\t""#, "\u{8}\u{c}\n\r\t"),  // the control escapes
        (#""\u0041\u00e9\u20AC""#, "Aé€"),  // BMP escapes, either case of hex
        (#""\ud83d\ude80""#, "🚀"),  // a surrogate pair
        (#""é🚀 raw""#, "é🚀 raw"),  // raw UTF-8
        (#""a\u0000b""#, "a\u{0}b"),  // an escaped NUL is allowed
    ])
    func readsStrings(json: String, expected: String) throws {
        #expect(try Self.string(json) == expected)
    }

    /// Values to skip, whole, including the awkward ones.
    @Test(arguments: [
        "0", "-0", "12.5e-3", "1E+9", "-7.25",  // numbers
        "true", "false", "null",  // literals
        #"{"a":[1,{"b":null}],"c":"\"}"}"#,  // nesting, a brace inside a string
        "[]", "{}", "[ ]", "{ }",  // empty containers with and without space
        #"[[[[[[[[[["deep"]]]]]]]]]]"#,  // nesting well inside the limit
    ])
    func skipsValues(json: String) throws {
        #expect(try Self.skipped(json) == json.utf8.count)
    }

    /// Texts that are not JSON, or not safe to read.
    @Test(arguments: [
        "",  // nothing
        "\"open",  // unterminated string
        "\"tab\there\"",  // a raw control character
        "[1,]",  // trailing comma
        "{\"a\" 1}",  // missing colon
        "{\"a\":1,}",  // trailing comma in an object
        "01",  // leading zero
        "1.",  // no fraction digits
        "+1",  // plus sign
        "nul",  // literal cut short
        "[1] [2]",  // two values
        String(repeating: "[", count: 65) + String(repeating: "]", count: 65),  // over the depth limit
    ])
    func refuses(json: String) {
        #expect(throws: JSONReadError.self) { _ = try Self.skipped(json) }
    }

    /// Every error renders as one line.
    @Test(arguments: [
        JSONReadError.truncated, .unexpected(byte: 0x0a, at: 3, wanted: "a value"), .invalidUTF8(at: 1),
        .controlCharacter(at: 2), .invalidEscape(at: 4), .invalidNumber(at: 0), .tooDeep(limit: 64),
        .wrongType(field: "Id", wanted: "a string"), .missingField("Id"),
    ])
    func errorsAreOneLine(error: JSONReadError) {
        #expect(!error.description.contains("\n"))
        #expect(!error.description.isEmpty)
    }
}

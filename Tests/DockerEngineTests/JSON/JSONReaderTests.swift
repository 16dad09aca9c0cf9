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

/// The scalar readers the exposure fields need: `readOptionalBool` (`Internal`,
/// `ExperimentalBuild`) and `readOptionalInteger` (`PrivatePort`, `GwPriority`), strict about
/// what they take, `null` as nil.
@Suite struct JSONReaderScalarTests {
    /// Reads one top-level optional boolean.
    static func bool(_ json: String) throws(JSONReadError) -> Bool? {
        try WireModels.decode(Array(json.utf8)) { (reader) throws(JSONReadError) in try reader.readOptionalBool() }
    }

    /// Reads one top-level optional integer.
    static func integer(_ json: String) throws(JSONReadError) -> Int? {
        try WireModels.decode(Array(json.utf8)) { (reader) throws(JSONReadError) in try reader.readOptionalInteger() }
    }

    /// Which kind of read error `read` throws, as text: `decoded` when it throws none.
    static func failureKind(_ read: () throws(JSONReadError) -> Void) -> String {
        do throws(JSONReadError) {
            try read()
            return "decoded"
        } catch {
            switch error {
            case .truncated: return "truncated"
            case .unexpected: return "unexpected"
            case .invalidNumber: return "invalidNumber"
            default: return "\(error)"
            }
        }
    }

    /// Booleans and what they read as.
    @Test(arguments: [
        ("true", true as Bool?),  // true
        ("false", false),  // false
        ("null", nil),  // null: nil
        (" \n true\t", true),  // whitespace around the value
    ])
    func readsBooleans(json: String, expected: Bool?) throws {
        #expect(try Self.bool(json) == expected)
    }

    /// Texts that are not a boolean, and the kind of error each gives.
    @Test(arguments: [
        ("1", "unexpected"),  // a number
        ("0", "unexpected"),  // zero is not false
        (#""true""#, "unexpected"),  // a string
        ("True", "unexpected"),  // capitalised
        ("trux", "unexpected"),  // a literal gone wrong
        ("truex", "unexpected"),  // a literal with something after it
        ("nulll", "unexpected"),  // null with something after it
        ("tru", "truncated"),  // cut short
        ("f", "truncated"),  // cut shorter
        ("", "truncated"),  // nothing
        ("nul", "truncated"),  // null cut short
        ("[true]", "unexpected"),  // an array
    ])
    func refusesNonBooleans(json: String, kind: String) {
        #expect(Self.failureKind { () throws(JSONReadError) in _ = try Self.bool(json) } == kind)
    }

    /// Integers and what they read as.
    @Test(arguments: [
        ("0", 0 as Int?),  // zero
        ("80", 80),  // a port
        ("-5", -5),  // negative (a gateway priority may be)
        ("-0", 0),  // negative zero
        ("null", nil),  // null: nil
        (" 42 ", 42),  // whitespace around the value
        ("9223372036854775807", Int.max),  // the largest Int
        ("-9223372036854775808", Int.min),  // the smallest Int
    ])
    func readsIntegers(json: String, expected: Int?) throws {
        #expect(try Self.integer(json) == expected)
    }

    /// Texts that are not an integer that fits in `Int`, and the kind of error each gives.
    @Test(arguments: [
        ("1.5", "invalidNumber"),  // a fraction
        ("80.0", "invalidNumber"),  // a whole number written with a fraction
        ("1e3", "invalidNumber"),  // an exponent
        ("1E+3", "invalidNumber"),  // an exponent with a sign
        (#""80""#, "invalidNumber"),  // a string
        ("true", "invalidNumber"),  // a boolean
        ("9223372036854775808", "invalidNumber"),  // one past Int.max
        ("-9223372036854775809", "invalidNumber"),  // one past Int.min
        ("-", "invalidNumber"),  // a sign alone
        ("+1", "invalidNumber"),  // a plus sign
        ("", "invalidNumber"),  // nothing
        ("01", "unexpected"),  // a leading zero: 0, then a stray digit
        ("0x10", "unexpected"),  // hex: 0, then a stray x
        ("80 1", "unexpected"),  // two numbers
        ("nul", "truncated"),  // null cut short
    ])
    func refusesNonIntegers(json: String, kind: String) {
        #expect(Self.failureKind { () throws(JSONReadError) in _ = try Self.integer(json) } == kind)
    }
}

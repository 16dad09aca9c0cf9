import Foundation
import ReconcileCore
import Testing

/// ``jsonStringLiteral(_:)``, shared by the JSON report and the engine adapter's request bodies.
@Suite struct JSONStringLiteralTests {
    /// Texts and the exact literal each must become.
    @Test(arguments: [
        ("", #""""#),  // empty
        ("plain", #""plain""#),  // nothing to escape
        ("a\"b", #""a\"b""#),  // quote
        ("a\\b", #""a\\b""#),  // backslash
        ("a/b", #""a/b""#),  // slash needs no escape
        ("\n", #""\n""#),  // newline: short escape
        ("\r", #""\r""#),  // carriage return: short escape
        ("\r\n", #""\r\n""#),  // CRLF: one Character, two scalars, both escaped
        ("\t", #""\t""#),  // tab: short escape
        ("\u{0}", #""\u0000""#),  // NUL
        ("\u{8}", #""\u0008""#),  // backspace: \u form
        ("\u{c}", #""\u000c""#),  // form feed: \u form, lower-case hex
        ("\u{1b}", #""\u001b""#),  // escape
        ("\u{1f}", #""\u001f""#),  // last C0 control
        ("\u{7f}", #""\u007f""#),  // DEL
        ("\u{2028}\u{2029}", #""\u2028\u2029""#),  // line and paragraph separators (break JavaScript)
        ("\u{85}", "\"\u{85}\""),  // a C1 control is valid JSON as it is
        ("\u{feff}", "\"\u{feff}\""),  // zero-width no-break space is written as it is
        ("é🚀", "\"é🚀\""),  // other non-ASCII is written as UTF-8
        ("e\u{301}", "\"e\u{301}\""),  // combining mark kept as is
    ])
    func escapes(text: String, literal: String) {
        #expect(jsonStringLiteral(text) == literal)
    }

    /// Every scalar below U+0100 and a few beyond survive Foundation's parser, one by one and all
    /// together.
    @Test func roundTripsThroughFoundation() throws {
        var scalars = (0..<0x100).compactMap(Unicode.Scalar.init)
        // Not U+FEFF: swift-corelibs-foundation's parser drops it at the start of a string and
        // right after an escape (it takes it for a byte-order mark); the literal keeps it, see above.
        scalars += ["\u{2028}", "\u{2029}", "\u{fffd}", "\u{1f680}"]
        for scalar in scalars {
            let text = String(scalar)
            let parsed = try JSONSerialization.jsonObject(
                with: Data(("[" + jsonStringLiteral(text) + "]").utf8)) as? [String]
            #expect(parsed == [text], "U+\(String(scalar.value, radix: 16))")
        }
        let all = String(String.UnicodeScalarView(scalars))
        let parsed = try JSONSerialization.jsonObject(with: Data(("[" + jsonStringLiteral(all) + "]").utf8)) as? [String]
        #expect(parsed == [all])
    }
}

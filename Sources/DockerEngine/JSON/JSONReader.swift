/// A pull reader over JSON text (RFC 8259) that decodes only what the caller asks for and skips
/// the rest without building it. The engine's container list is by far the largest thing a run
/// reads (13 MB for 10,000 containers); `JSONDecoder` first builds a map of the whole document and
/// a dictionary of every label, which cost about half of a run's instructions and twice the body's
/// size in memory. This reader holds nothing but its position.
///
/// Strict: invalid UTF-8, lone surrogates, control characters in strings, trailing garbage and
/// nesting deeper than ``maximumDepth`` are errors, never guesses.
struct JSONReader {
    /// The text being read.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    private(set) var offset = 0
    /// How deep the current value is nested.
    private var depth = 0
    /// Deeper nesting than any engine answer has is refused, so hostile input cannot exhaust the
    /// stack through skipValue's recursion.
    static let maximumDepth = 64

    /// A reader at the start of `bytes`, which must outlive it.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: Structure

    /// Reads an array, calling `element` with the reader positioned at each element (which the
    /// closure must consume). `null` reads as an empty array.
    mutating func readArray(_ element: (inout JSONReader) throws(JSONReadError) -> Void) throws(JSONReadError) {
        if try readNull() { return }
        try expect(UInt8(ascii: "["), "an array")
        try enter()
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            guard let byte = next() else { throw .truncated }
            if byte == UInt8(ascii: "]") { break }
            guard byte == UInt8(ascii: ",") else { throw unexpected(byte, at: offset - 1, wanted: "',' or ']'") }
        }
        depth -= 1
    }

    /// Reads an object, calling `member` with each key and the reader positioned at its value
    /// (which the closure must consume, with ``skipValue()`` if it does not want it). `null`
    /// reads as an empty object.
    mutating func readObject(_ member: (inout JSONReader, String) throws(JSONReadError) -> Void) throws(JSONReadError) {
        if try readNull() { return }
        try expect(UInt8(ascii: "{"), "an object")
        try enter()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            let key = try readString()
            try expect(UInt8(ascii: ":"), "':'")
            try member(&self, key)
            skipWhitespace()
            guard let byte = next() else { throw .truncated }
            if byte == UInt8(ascii: "}") { break }
            guard byte == UInt8(ascii: ",") else { throw unexpected(byte, at: offset - 1, wanted: "',' or '}'") }
        }
        depth -= 1
    }

    /// Reads a string, or `null` as nil.
    mutating func readOptionalString() throws(JSONReadError) -> String? {
        try readNull() ? nil : try readString()
    }

    /// Reads a string value.
    mutating func readString() throws(JSONReadError) -> String {
        try expect(UInt8(ascii: "\""), "a string")
        let start = offset
        // Fast path: no escapes, which is nearly every string the engine sends.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                guard let text = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(at: start) }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw .controlCharacter(at: offset) }
            offset += 1
        }
        guard offset < bytes.count else { throw .truncated }
        return try readEscapedString(from: start)
    }

    /// Reads `true` or `false`, or `null` as nil.
    mutating func readOptionalBool() throws(JSONReadError) -> Bool? {
        if try readNull() { return nil }
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        case let byte?: throw unexpected(byte, at: offset, wanted: "true or false")
        case nil: throw .truncated
        }
    }

    /// Reads an integer that fits in `Int` (no fraction, no exponent), or `null` as nil.
    mutating func readOptionalInteger() throws(JSONReadError) -> Int? {
        if try readNull() { return nil }
        skipWhitespace()
        let start = offset
        try skipNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Int(text) else { throw .invalidNumber(at: start) }
        return value
    }

    /// Skips one value of any kind, checking its syntax.
    mutating func skipValue() throws(JSONReadError) {
        skipWhitespace()
        guard let byte = peek() else { throw .truncated }
        switch byte {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"): try readObject { (reader, _) throws(JSONReadError) in try reader.skipValue() }
        case UInt8(ascii: "["): try readArray { (reader) throws(JSONReadError) in try reader.skipValue() }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw unexpected(byte, at: offset, wanted: "a value")
        }
    }

    /// Checks that nothing but whitespace follows the top-level value.
    mutating func finish() throws(JSONReadError) {
        skipWhitespace()
        if let byte = peek() { throw unexpected(byte, at: offset, wanted: "the end of the text") }
    }

    // MARK: Pieces

    /// Consumes `null` if it is next.
    private mutating func readNull() throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func enter() throws(JSONReadError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw .tooDeep(limit: Self.maximumDepth) }
    }

    private mutating func expect(_ wanted: UInt8, _ what: String) throws(JSONReadError) {
        skipWhitespace()
        guard let byte = next() else { throw .truncated }
        guard byte == wanted else { throw unexpected(byte, at: offset - 1, wanted: what) }
    }

    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let start = offset
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard let byte = next() else { throw .truncated }
            guard byte == expected else { throw unexpected(byte, at: start, wanted: "\(word)") }
        }
    }

    private mutating func skipNumber() throws(JSONReadError) {
        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek(), isDigit(first) else { throw .invalidNumber(at: start) }
        offset += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard let digit = peek(), isDigit(digit) else { throw .invalidNumber(at: start) }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard let digit = peek(), isDigit(digit) else { throw .invalidNumber(at: start) }
            skipDigits()
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { offset += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Skips a string, validating it as ``readString()`` would, without keeping it.
    private mutating func skipString() throws(JSONReadError) {
        _ = try readString()
    }

    /// The slow path of ``readString()``: decodes escapes into a byte buffer, then validates.
    private mutating func readEscapedString(from start: Int) throws(JSONReadError) -> String {
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while true {
            guard let byte = next() else { throw .truncated }
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: decoded, as: UTF8.self) else { throw .invalidUTF8(at: start) }
                return text
            case UInt8(ascii: "\\"):
                let escapeAt = offset - 1
                guard let kind = next() else { throw .truncated }
                switch kind {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(kind)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0c)
                case UInt8(ascii: "n"): decoded.append(0x0a)
                case UInt8(ascii: "r"): decoded.append(0x0d)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = UInt32(try hex4(escapeAt))
                    if (0xd800..<0xdc00).contains(scalar) {
                        // A high surrogate must be followed by an escaped low one.
                        guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else { throw .invalidEscape(at: escapeAt) }
                        let low = UInt32(try hex4(escapeAt))
                        guard (0xdc00..<0xe000).contains(low) else { throw .invalidEscape(at: escapeAt) }
                        scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
                    } else if (0xdc00..<0xe000).contains(scalar) {
                        throw .invalidEscape(at: escapeAt)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw .invalidEscape(at: escapeAt) }
                    decoded.append(contentsOf: UTF8.encode(unicode)!)
                default: throw .invalidEscape(at: escapeAt)
                }
            default:
                guard byte >= 0x20 else { throw .controlCharacter(at: offset - 1) }
                decoded.append(byte)
            }
        }
    }

    private mutating func hex4(_ escapeAt: Int) throws(JSONReadError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = next() else { throw .truncated }
            guard let digit = Self.hexValue(byte) else { throw .invalidEscape(at: escapeAt) }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0a, 0x0d: offset += 1
            default: return
            }
        }
    }

    private func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func next() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    private func unexpected(_ byte: UInt8, at position: Int, wanted: String) -> JSONReadError {
        .unexpected(byte: byte, at: position, wanted: wanted)
    }
}

/// Why JSON text was refused; each renders as a one-line cause with the byte offset.
enum JSONReadError: Error, Hashable, CustomStringConvertible {
    /// The text ended inside a value.
    case truncated
    /// A byte where something else belongs.
    case unexpected(byte: UInt8, at: Int, wanted: String)
    /// A string that is not valid UTF-8.
    case invalidUTF8(at: Int)
    /// A raw control character inside a string.
    case controlCharacter(at: Int)
    /// A bad `\` escape, or a lone surrogate.
    case invalidEscape(at: Int)
    /// A malformed number.
    case invalidNumber(at: Int)
    /// Nesting deeper than the limit.
    case tooDeep(limit: Int)
    /// A value of the wrong type where the engine's schema has another.
    case wrongType(field: String, wanted: String)
    /// A field the engine always sends is missing.
    case missingField(String)

    /// A one-line cause.
    var description: String {
        switch self {
        case .truncated: "not valid JSON: it ends in the middle of a value"
        case .unexpected(let byte, let at, let wanted):
            "unexpected JSON: \(printable(byte)) at byte \(at) where \(wanted) belongs"
        case .invalidUTF8(let at): "not valid JSON: a string at byte \(at) is not valid UTF-8"
        case .controlCharacter(let at): "not valid JSON: a raw control character in a string at byte \(at)"
        case .invalidEscape(let at): "not valid JSON: a bad escape or lone surrogate at byte \(at)"
        case .invalidNumber(let at): "not valid JSON: a malformed number at byte \(at)"
        case .tooDeep(let limit): "not valid JSON for the engine: nested deeper than \(limit) levels"
        case .wrongType(let field, let wanted): "JSON has an unexpected type at \(field) (wanted \(wanted))"
        case .missingField(let field): "JSON lacks the field \(field)"
        }
    }

    private func printable(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7f ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}

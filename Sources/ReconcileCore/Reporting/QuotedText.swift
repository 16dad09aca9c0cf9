/// Quotes untrusted text for a one-line message: control characters and non-ASCII are escaped,
/// so that a label cannot break a log line or forge another one.
public func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case " "..."~": result.unicodeScalars.append(scalar)
        default: result += "\\u{\(String(scalar.value, radix: 16))}"
        }
    }
    return result + "\""
}

/// Names that Docker allows (`[A-Za-z0-9_.-]`) as they are, anything else (from a hostile label or
/// an engine that allows more) through ``quoted(_:)``: for report lines and the commands of fixes,
/// where a bare name reads best and an odd one must still not break or forge a line.
public func quotedIfNeeded(_ text: String) -> String {
    let plain = !text.isEmpty && text.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
    return plain ? text : quoted(text)
}

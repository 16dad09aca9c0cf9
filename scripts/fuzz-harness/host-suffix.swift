// libFuzzer harness for HostSuffix(parsing:), compiled by scripts/fuzz into one module together
// with Sources/ReconcileCore/**/*.swift (so no import is needed).
//
// Oracles: no crash; a parsed suffix is non-zero, fits 128 bits, and its description reparses
// to the same value; every refusal renders as one line of printable ASCII (labels come from
// untrusted container labels and end up in logs).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do throws(SuffixError) {
        let suffix = try HostSuffix(parsing: text)
        guard suffix.value != .zero else { fatalError("zero suffix from \(quoted(text))") }
        guard suffix.value.bitWidth <= 128 else { fatalError("bitWidth \(suffix.value.bitWidth)") }
        let reparsed = try? HostSuffix(parsing: suffix.description)
        guard reparsed == suffix else {
            fatalError("\(suffix.description) does not reparse to the suffix parsed from \(quoted(text))")
        }
    } catch {
        guard error.description.unicodeScalars.allSatisfy({ (0x20...0x7e).contains($0.value) }) else {
            fatalError("refusal is not one printable line: \(quoted(error.description))")
        }
    }
    return 0
}

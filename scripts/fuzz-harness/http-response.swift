// libFuzzer harness for HTTPResponseParser, compiled by scripts/fuzz into one module together
// with Sources/DockerEngine/HTTP/*.swift (so no import is needed).
//
// Input layout: the first byte chooses the limits (top bit: tiny limits, so that the limit
// checks are reachable with short inputs) and where to split the rest (low 7 bits, scaled over
// the rest's length). The rest is fed as two consume() calls split there, then finish().
// Inputs up to 1 KiB are also fed one byte at a time.
//
// Oracles: no crash (ASan, Swift traps), and split invariance: the outcome (response or exact
// error) must be the same as when the whole rest is fed in one call. A parser whose result
// depends on how the bytes happened to arrive from the socket is a bug.

private let tinyLimits = HTTPLimits(maximumLineBytes: 32, maximumHeaderCount: 4, maximumBodyBytes: 64)

private func outcome(_ chunks: [ArraySlice<UInt8>], limits: HTTPLimits) -> Result<HTTPResponse, HTTPParseError> {
    var parser = HTTPResponseParser(limits: limits)
    do throws(HTTPParseError) {
        for chunk in chunks {
            if let response = try parser.consume(chunk) {
                // A complete response is final: consuming more must not change it.
                if let again = try parser.consume(chunk), again != response {
                    fatalError("a complete response changed after more bytes")
                }
                let finished = try parser.finish()
                if finished != response { fatalError("finish() changed a complete response") }
                return .success(response)
            }
        }
        return .success(try parser.finish())
    } catch {
        // Every error must render as one line.
        if error.description.contains(where: { $0.isNewline }) { fatalError("multi-line error: \(error)") }
        return .failure(error)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let control = bytes[0]
    let rest = bytes[1...]
    let limits = control & 0x80 != 0 ? tinyLimits : HTTPLimits.engine
    let split = rest.startIndex + Int(control & 0x7f) * rest.count / 127
    let whole = outcome([rest], limits: limits)
    let twoPieces = outcome([rest[..<split], rest[split...]], limits: limits)
    if whole != twoPieces {
        fatalError("split at \(split - rest.startIndex) of \(rest.count) changed the outcome: \(whole) vs \(twoPieces)")
    }
    // One byte at a time too (a slow peer), while that stays cheap.
    if rest.count <= 1024 {
        let bytewise = outcome(rest.indices.map { rest[$0...$0] }, limits: limits)
        if whole != bytewise { fatalError("feeding one byte at a time changed the outcome: \(whole) vs \(bytewise)") }
    }
    if case .success(let response) = whole {
        if !(100...599).contains(response.status) { fatalError("status \(response.status) out of range") }
        if response.body.count > limits.maximumBodyBytes { fatalError("body over the limit") }
        if response.headers.count > limits.maximumHeaderCount { fatalError("too many headers") }
    }
    return 0
}

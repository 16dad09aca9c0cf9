// libFuzzer harness for IPv6Address(parsing:) and IPv6Subnet(parsing:), compiled by scripts/fuzz
// into one module together with Sources/ReconcileCore/**/*.swift (so no import is needed).
//
// Oracles: no crash; a parsed address's canonical text reparses to the same address, is at
// most 39 lowercase hex/colon characters, and its groups rebuild it; a parsed subnet has no host
// bits, a length of 0 to 128, and its text reparses to the same subnet. For printable ASCII
// inputs, the address parser must also agree with glibc's inet_pton(AF_INET6) (both reject zone
// IDs and IPv4 octets with leading zeros).
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)

    let address = IPv6Address(parsing: text)
    if let address {
        let canonical = address.description
        guard IPv6Address(parsing: canonical) == address else {
            fatalError("\(canonical) does not reparse to the address parsed from \(bytes)")
        }
        guard canonical.utf8.count <= 39,
            canonical.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || $0 == 0x3a })
        else { fatalError("non-canonical text \(canonical)") }
        guard IPv6Address(groups: address.groups) == address else { fatalError("groups do not rebuild \(canonical)") }
    }

    #if canImport(Glibc)
    if bytes.allSatisfy({ (0x20...0x7e).contains($0) }) {
        var storage = in6_addr()
        let accepted = inet_pton(AF_INET6, text, &storage) == 1
        guard accepted == (address != nil) else {
            fatalError("inet_pton \(accepted ? "accepts" : "rejects") \(text) but IPv6Address(parsing:) \(address == nil ? "rejects" : "accepts") it")
        }
        if let address {
            let glibcBytes = withUnsafeBytes(of: &storage) { Array($0) }
            let ours = address.groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
            guard glibcBytes == ours else { fatalError("inet_pton and IPv6Address disagree on the value of \(text)") }
        }
    }
    #endif

    if let subnet = IPv6Subnet(parsing: text) {
        guard (0...128).contains(subnet.prefixLength) else { fatalError("prefix length \(subnet.prefixLength)") }
        guard subnet.network & subnet.hostMask == .zero else { fatalError("host bits set in \(subnet)") }
        guard subnet.contains(subnet.network) else { fatalError("\(subnet) does not contain its network") }
        guard IPv6Subnet(parsing: subnet.description) == subnet else { fatalError("\(subnet) does not reparse") }
    }
    return 0
}

import ReconcileCore
import Testing

/// The hand-written MD5 against RFC 1321's own test suite and python3's `hashlib.md5`.
@Suite struct MD5Tests {
    /// The seven test vectors of RFC 1321 appendix A.5.
    static let rfc1321Suite: [(String, String)] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),  // empty message: padding only
        ("a", "0cc175b9c0f1b6a831c399e269772661"),  // one byte
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),  // three bytes
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),  // a short phrase
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),  // 26 bytes
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "d174ab98d277d9f5a5611c2c9f419d9f"),  // 62 bytes: the length field spills into a second block
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a"),  // 80 bytes: two blocks of message
    ]

    /// RFC 1321's expected digests.
    @Test(arguments: rfc1321Suite)
    func matchesRFC1321Suite(message: String, expected: String) {
        #expect(MD5.hexDigest(message.utf8) == expected)
    }

    /// Lengths of a run of `a` around the padding boundaries, and python3's
    /// `hashlib.md5(b"a" * n).hexdigest()` for each.
    static let paddingBoundaries: [(Int, String)] = [
        (55, "ef1772b6dff9a122358552954ad0df65"),  // the longest message that pads within one block
        (56, "3b0c8ac703f828b04c6c197006d17218"),  // no room for the length: a second block
        (57, "652b906d60af96844ebd21b674f35e93"),  // one past that
        (63, "b06521f39153d618550606be297466d5"),  // one byte short of a block
        (64, "014842d480b571495a4a0363793f7367"),  // exactly one block: padding is a whole block
        (65, "c743a45e0d2e6a95cb859adae0248435"),  // one byte into the second block
        (119, "8a7bd0732ed6a28ce75f6dabc90e1613"),  // 55 past a block: pads within the second block
        (120, "5f61c0ccad4cac44c75ff505e1f1e537"),  // 56 past a block: a third block
        (128, "e510683b3f5ffe4093d021808bc6ff70"),  // exactly two blocks
        (1000, "cabe45dcc9ae5b66ba86600cca6b8ba8"),  // many blocks, not a multiple of 64
    ]

    /// Multi-block inputs and the padding edge cases agree with python3.
    @Test(arguments: paddingBoundaries)
    func matchesPythonAtPaddingBoundaries(length: Int, expected: String) {
        #expect(MD5.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: length)) == expected)
    }

    /// A million `a`, the long message most MD5 test suites use (fast enough in a debug build).
    @Test func matchesMillionA() {
        #expect(MD5.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "7707d6ae4e027c70eea2a935c2296f21")
    }

    /// Every byte value, including those with the top bit set, agrees with python3's
    /// `hashlib.md5(bytes(range(256)))`.
    @Test func hashesEveryByteValue() {
        #expect(MD5.hexDigest((0...255).map { UInt8($0) }) == "e2c865db4162bed963bfaa9ef6ac18f0")
    }

    /// A non-ASCII name is hashed as its UTF-8 bytes, as Python's `name.encode()` does.
    @Test func hashesUTF8Bytes() {
        #expect(MD5.hexDigest("café-ü-🚀".utf8) == "8a20478962747968457e0e08d9008ff7")
    }

    /// `digest` is 16 bytes and `hexDigest` is its 32 lowercase hex digits, a byte below 0x10
    /// padded to two digits (the digest of `a` starts with 0x0c).
    @Test func hexDigestIsTheDigestInHex() {
        let digest = MD5.digest("a".utf8)
        #expect(digest.count == 16)
        #expect(digest[0] == 0x0c)
        #expect(digest.prefix(4) == [0x0c, 0xc1, 0x75, 0xb9])
        let hex = MD5.hexDigest("a".utf8)
        #expect(hex.count == 32)
        #expect(hex.hasPrefix("0cc1"))
        #expect(hex.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
    }

    /// Any collection of bytes gives the same digest: array, slice, UTF-8 view.
    @Test func acceptsAnyByteCollection() {
        let bytes = Array("xmessage digestx".utf8)
        let expected = "f96b697d7cb7938d525a2f31aaf161d0"
        #expect(MD5.hexDigest(bytes[1..<15]) == expected)
        #expect(MD5.hexDigest(Array(bytes[1..<15])) == expected)
        #expect(MD5.hexDigest("message digest".utf8) == expected)
    }
}

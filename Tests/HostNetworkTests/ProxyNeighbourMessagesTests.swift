@testable import HostNetwork
import ReconcileCore
import Testing

/// The proxy neighbour changes `--ndp-proxy` sends, byte for byte, against what `ip -6 neigh
/// add proxy 2001:db8::5 dev IF protocol 212` sends (`ndmsg`, `NDA_DST`, `NDA_PROTOCOL`).
@Suite struct ProxyNeighbourMessagesTests {
    static let address = IPv6Address(parsing: "2001:db8:0:ffff:1234::5")!

    /// `ndmsg`: family 10, padding, ifindex 7 (little-endian here), state NUD_PERMANENT, flags
    /// NTF_PROXY, type 0; then NDA_DST (8 + 16 bytes... 20 with its header) and NDA_PROTOCOL (5, padded to 8).
    @Test func addCarriesTheAddressAndTheProtocol() {
        let bytes = RouteMessages.proxyNeighbourChange(address: Self.address, interfaceIndex: 7, origin: 212)
        #expect(Array(bytes[0..<12]) == [10, 0, 0, 0, 7, 0, 0, 0, 0x80, 0, 0x08, 0])
        #expect(Array(bytes[12..<16]) == [20, 0, 1, 0])
        #expect(Array(bytes[16..<32]) == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0xff, 0xff, 0x12, 0x34, 0, 0, 0, 0, 0, 5])
        #expect(Array(bytes[32...]) == [5, 0, 12, 0, 212, 0, 0, 0])
    }

    /// A deletion names the entry and no protocol.
    @Test func deleteNamesOnlyTheEntry() {
        let bytes = RouteMessages.proxyNeighbourChange(address: Self.address, interfaceIndex: 7, origin: nil)
        #expect(bytes.count == 32)
    }

    /// The dump decoder reads the protocol back, so the plan knows the tool's own entries.
    @Test func decoderReadsTheProtocol() throws {
        var payload = RouteMessages.proxyNeighbourChange(address: Self.address, interfaceIndex: 7, origin: 212)
        let message = NetlinkCodec.Message(type: 28, flags: 0, sequence: 1, payload: payload)
        let neighbour = try #require(try RouteMessages.proxyNeighbour(message))
        #expect(neighbour == ProxyNeighbour(address: Self.address, interfaceIndex: 7, origin: 212))
        #expect(neighbour.isOwn)
        payload = RouteMessages.proxyNeighbourChange(address: Self.address, interfaceIndex: 7, origin: nil)
        #expect(try RouteMessages.proxyNeighbour(NetlinkCodec.Message(type: 28, flags: 0, sequence: 1, payload: payload))?.isOwn == false)
    }
}

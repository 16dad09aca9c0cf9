import HostNetwork
import ReconcileCore
import Testing

/// The reader against the real kernel, in the test process's own network namespace: local and
/// read-only. Only facts true on any Linux machine with IPv6 are asserted.
@Suite struct HostNetworkReaderTests {
    /// The namespace has `lo`, flagged loopback and up, with `::1/128` on it, and the
    /// `all.forwarding` sysctl is readable.
    @Test func readsLoopback() throws {
        let host = try HostNetworkReader().read()
        let lo = try #require(host.interfaces.first { $0.name == "lo" })
        #expect(lo.isLoopback)
        #expect(lo.isUp)
        #expect(lo.index > 0)
        #expect(host.addresses.contains(HostAddress(interfaceIndex: lo.index, address: .loopback, prefixLength: 128)))
        #expect(host.allForwarding != nil)
        #expect(host.allProxyNDP != nil)
        #expect(host.interfaceName(index: lo.index) == "lo")
    }

    /// Every address and route names an interface index the link dump listed or none, and
    /// interface indexes are unique.
    @Test func indexesAreConsistent() throws {
        let host = try HostNetworkReader().read()
        let indexes = host.interfaces.map(\.index)
        #expect(Set(indexes).count == indexes.count)
        for address in host.addresses {
            #expect(indexes.contains(address.interfaceIndex), "\(address)")
        }
    }
}

extension IPv6Address {
    /// `::1`.
    fileprivate static let loopback = IPv6Address(high: 0, low: 1)
}

@testable import ReconcileCore
import Testing

/// Which proxy entries `--ndp-proxy` adds and removes, on the host of `PrefixDeliveryTests` (lo,
/// eth0 with the on-link /64, the network's bridge with its /80 inside it).
@Suite struct ProxyNeighbourPlanTests {
    typealias Delivery = PrefixDeliveryTests
    static let a = Delivery.a
    static let b = Delivery.b
    /// An address of the /80 that no labelled container has.
    static let stale = Fixture.address("2001:db8:aa:bb:1::99")

    /// This tool's entry for `address` on eth0.
    static func own(_ address: IPv6Address, on index: Int = 2) -> ProxyNeighbour {
        ProxyNeighbour(address: address, interfaceIndex: index, origin: ProxyNeighbourPlan.origin)
    }

    /// `ADDRESS on eth0`.
    static func eth0(_ addresses: IPv6Address...) -> [String] { addresses.map { "\($0) on eth0" } }

    struct Case: Sendable, CustomTestStringConvertible {
        var note: String
        var subnets = [Delivery.web6]
        var host: HostNetworkState
        var additions: [String] = []
        var removals: [String] = []
        var present: [String] = []
        var obstacles: [String] = []
        var testDescription: String { note }
    }

    static let cases: [Case] = [
        Case(note: "nothing there yet: both addresses added, proxy_ndp on", host: Delivery.host(proxyNDP: 1), additions: eth0(a, b)),
        Case(
            note: "proxy_ndp off: added all the same, and the obstacle says so with the sysctl fix",
            host: Delivery.host(proxyNDP: 0), additions: eth0(a, b), obstacles: ["web6: proxy_ndp is 0 on eth0"]),
        Case(
            note: "proxy_ndp unreadable (ProcSubset=pid): unknown, an obstacle naming the file, never taken for 0",
            host: Delivery.host(proxyNDP: nil, allProxyNDP: nil), additions: eth0(a, b),
            obstacles: ["web6: proxy_ndp of eth0 cannot be read (/proc/sys/net/ipv6/conf/eth0/proxy_ndp)"]),
        Case(
            note: "eth0's unreadable but all.proxy_ndp on: on, no obstacle",
            host: Delivery.host(proxyNDP: nil, allProxyNDP: 1), additions: eth0(a, b)),
        Case(note: "all.proxy_ndp on counts too", host: Delivery.host(proxyNDP: 0, allProxyNDP: 1), additions: eth0(a, b)),
        Case(note: "in sync: both present, nothing to do", host: Delivery.host(proxyNDP: 1, proxies: [own(a), own(b)]), present: eth0(a, b)),
        Case(
            note: "a hand-made entry for a wanted address counts as present and is never replaced",
            host: Delivery.host(proxyNDP: 1, proxies: [Delivery.proxy(a), own(b)]), present: eth0(a, b)),
        Case(
            note: "an own entry no container has is removed; a hand-made one is left alone",
            host: Delivery.host(proxyNDP: 1, proxies: [own(a), own(b), own(stale), Delivery.proxy(Fixture.address("2001:db8:aa:bb:1::98"))]),
            removals: eth0(stale), present: eth0(a, b)),
        Case(
            note: "an own entry on another interface for a wanted address: added on eth0, removed there",
            host: Delivery.host(proxyNDP: 1, proxies: [own(a, on: 3), own(b)]), additions: eth0(a), removals: ["\(a) on br-web6"],
            present: eth0(b)),
        Case(
            note: "a routed subnet: no entries, and the own ones left from before go",
            subnets: [Delivery.routed6], host: Delivery.host(proxyNDP: 1, proxies: [own(stale)]), removals: eth0(stale)),
        Case(
            note: "the uplink's own /64 as the network's subnet: a clash, no entries",
            subnets: [Delivery.same64], host: Delivery.host(proxyNDP: 1, addresses: [Delivery.uplinkAddress]),
            obstacles: ["same64: its subnet 2001:db8:aa:bb::/64 is also on-link on eth0"]),
        Case(
            note: "no labelled network at all: every own entry goes", subnets: [],
            host: Delivery.host(proxyNDP: 1, proxies: [own(a), Delivery.proxy(b)]), removals: eth0(a)),
        Case(
            note: "one address wanted twice (two networks naming one subnet cannot happen, one pair listed twice can): added once",
            subnets: [Delivery.web6, Delivery.web6], host: Delivery.host(proxyNDP: 1), additions: eth0(a, b)),
    ]

    @Test(arguments: cases)
    func plan(_ testCase: Case) {
        let plan = ProxyNeighbourPlan(subnets: testCase.subnets, host: testCase.host)
        #expect(plan.additions.map(\.description) == testCase.additions)
        #expect(plan.removals.map(\.description) == testCase.removals)
        #expect(plan.present.map(\.description) == testCase.present)
        #expect(plan.obstacles.count == testCase.obstacles.count, "\(plan.obstacles)")
        for (obstacle, phrase) in zip(plan.obstacles, testCase.obstacles) {
            #expect("\(obstacle.network): \(obstacle.message)".hasPrefix(phrase), "\(obstacle)")
        }
        #expect(plan.isInSync == (testCase.additions.isEmpty && testCase.removals.isEmpty))
    }

    /// The proxy_ndp obstacle's fix is the persistent sysctl command `--check` prints.
    @Test func proxyNDPFixIsTheSysctl() throws {
        let plan = ProxyNeighbourPlan(subnets: [Delivery.web6], host: Delivery.host(proxyNDP: 0))
        let obstacle = try #require(plan.obstacles.first)
        #expect(obstacle.fix == SysctlFix.command(SysctlFix.key(interface: "eth0", "proxy_ndp"), 1))
    }

    /// Added entries carry their network, for the report.
    @Test func additionsNameTheirNetwork() {
        let plan = ProxyNeighbourPlan(subnets: [Delivery.web6], host: Delivery.host(proxyNDP: 1))
        #expect(plan.additions.map(\.network) == ["web6", "web6"])
        #expect(plan.additions.map(\.interfaceIndex) == [2, 2])
    }
}

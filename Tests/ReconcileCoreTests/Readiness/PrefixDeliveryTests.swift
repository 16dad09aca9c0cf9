import ReconcileCore
import Testing

/// `prefix.delivery`: a labelled network's subnet inside an on-link prefix needs proxy NDP and a
/// proxy entry per address; the uplink's own prefix on a network is a clash; anything else must
/// be routed to the host, which the host cannot see.
@Suite struct PrefixDeliveryTests {
    /// The addresses the cases' containers get: `A` and `B` in `web6`'s subnet.
    static let a = Fixture.address("2001:db8:aa:bb:1::5")
    /// See ``a``.
    static let b = Fixture.address("2001:db8:aa:bb:1::6")

    /// `web6`: a /80 inside the uplink's /64, its gateway the bridge's address, and A and B.
    static let web6 = PrefixDelivery.LabelledSubnet(
        network: "web6", subnet: Fixture.subnet("2001:db8:aa:bb:1::/80"), gateway: Fixture.address("2001:db8:aa:bb:1::1"),
        addresses: [a, b])

    /// `routed6`: a /64 of a routed /48 that no host link carries.
    static let routed6 = PrefixDelivery.LabelledSubnet(
        network: "routed6", subnet: Fixture.subnet("2001:db8:ff:1::/64"), gateway: Fixture.address("2001:db8:ff:1::1"),
        addresses: [Fixture.address("2001:db8:ff:1::5")])

    /// `same64`: the uplink's own /64 as a network's subnet.
    static let same64 = PrefixDelivery.LabelledSubnet(
        network: "same64", subnet: Fixture.subnet("2001:db8:aa:bb::/64"), gateway: Fixture.address("2001:db8:aa:bb::1"),
        addresses: [Fixture.address("2001:db8:aa:bb::5")])

    /// The uplink's address and the bridge's (the network's gateway), as the kernel lists them.
    static let uplinkAddress = HostAddress(interfaceIndex: 2, address: Fixture.address("2001:db8:aa:bb::10"), prefixLength: 64)
    /// See ``uplinkAddress``.
    static let bridgeAddress = HostAddress(interfaceIndex: 3, address: Fixture.address("2001:db8:aa:bb:1::1"), prefixLength: 80)

    /// The on-link /64 of eth0, the bridge's /80 (longer than the subnet: not a covering link),
    /// and the default route via the router (a gateway route: not on-link).
    static let onLink64 = HostRoute(destination: Fixture.subnet("2001:db8:aa:bb::/64"), interfaceIndex: 2, origin: .kernel)
    /// See ``onLink64``.
    static let bridge80 = HostRoute(destination: Fixture.subnet("2001:db8:aa:bb:1::/80"), interfaceIndex: 3, origin: .kernel)
    /// See ``onLink64``.
    static let defaultRoute = HostRoute(
        destination: Fixture.subnet("::/0"), gateway: Fixture.address("fe80::1"), interfaceIndex: 2, origin: .routerAdvertisement)

    /// A host of lo (1), eth0 (2) and the network's bridge (3), with eth0's `proxy_ndp`, the
    /// given `all.proxy_ndp`, addresses, routes and proxy entries.
    static func host(
        proxyNDP: Int? = 0, allProxyNDP: Int? = 0, addresses: [HostAddress] = [uplinkAddress, bridgeAddress],
        routes: [HostRoute] = [onLink64, bridge80, defaultRoute], proxies: [ProxyNeighbour] = []
    ) -> HostNetworkState {
        HostNetworkState(
            interfaces: [
                HostInterface(index: 1, name: "lo", isLoopback: true), HostInterface(index: 2, name: "eth0", proxyNDP: proxyNDP),
                HostInterface(index: 3, name: "br-web6", proxyNDP: 0),
            ],
            allForwarding: 1, allProxyNDP: allProxyNDP, addresses: addresses, routes: routes, proxyNeighbours: proxies)
    }

    /// A proxy entry for `address` on eth0 (or `index`).
    static func proxy(_ address: IPv6Address, on index: Int = 2) -> ProxyNeighbour {
        ProxyNeighbour(address: address, interfaceIndex: index)
    }

    /// One network on one host, and the check it must get.
    struct Case: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// The network.
        var labelled = web6
        /// The host.
        var host: HostNetworkState
        /// The expected status.
        var status: CheckStatus
        /// The exact fix, when the case pins it (`.some(nil)`: none).
        var fix: String?? = .none
        /// Phrases the message must hold.
        var phrases: [String] = []

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// `ip -6 neigh add proxy ADDRESS dev eth0`.
    static func add(_ address: IPv6Address) -> String { "ip -6 neigh add proxy \(address) dev eth0" }

    /// Every branch, good and bad.
    static let cases: [Case] = [
        // Routed: no on-link route covers the subnet.
        Case(
            note: "routed: no covering on-link route, info", labelled: routed6, host: host(), status: .info,
            fix: "make sure the provider routes 2001:db8:ff:1::/64 (or a prefix that holds it) to this host; then, from outside, ping a connected container's address (2001:db8:ff:1::5): ICMP answers even where the engine's firewall drops its ports",
            phrases: ["2001:db8:ff:1::/64 is not inside any prefix on the host's links"]),
        Case(
            note: "routed, no addresses assigned yet: the fix names a placeholder",
            labelled: PrefixDelivery.LabelledSubnet(network: "routed6", subnet: routed6.subnet, addresses: []), host: host(),
            status: .info,
            fix: "make sure the provider routes 2001:db8:ff:1::/64 (or a prefix that holds it) to this host; then, from outside, ping a connected container's address (ADDRESS): ICMP answers even where the engine's firewall drops its ports"),
        Case(
            note: "a gateway route covering the subnet is not on-link: info",
            host: host(routes: [HostRoute(
                destination: Fixture.subnet("2001:db8:aa::/48"), gateway: Fixture.address("fe80::1"), interfaceIndex: 2,
                origin: .administrator)]),
            status: .info),
        Case(
            note: "an unreachable-type route covering the subnet does not count: info",
            host: host(routes: [HostRoute(
                destination: Fixture.subnet("2001:db8:aa:bb::/64"), interfaceIndex: nil, origin: .boot, isUnicast: false)]),
            status: .info),
        Case(
            note: "a covering route on lo does not count: info",
            host: host(routes: [HostRoute(destination: Fixture.subnet("2001:db8:aa:bb::/64"), interfaceIndex: 1, origin: .boot)]),
            status: .info),
        Case(
            note: "a covering route without an interface (multipath) does not count: info",
            host: host(routes: [HostRoute(destination: Fixture.subnet("2001:db8:aa:bb::/64"), interfaceIndex: nil, origin: .boot)]),
            status: .info),
        Case(
            note: "only the bridge's own /80 route (not shorter than the subnet): info", host: host(routes: [bridge80]),
            status: .info),
        Case(
            note: "the default route alone (a gateway) does not make the subnet on-link: info",
            host: host(routes: [defaultRoute]), status: .info),
        // On-link: proxy NDP and proxy entries.
        Case(
            note: "/80 inside eth0's on-link /64, proxy_ndp 0, no entries: fail, all three commands", host: host(),
            status: .fail,
            fix: "sysctl -w net.ipv6.conf.eth0.proxy_ndp=1 && (grep -qxF 'net.ipv6.conf.eth0.proxy_ndp = 1' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.eth0.proxy_ndp = 1' >> /etc/sysctl.d/90-ipv6-reconcile.conf) && \(add(a)) && \(add(b))",
            phrases: ["2001:db8:aa:bb:1::/80 is inside 2001:db8:aa:bb::/64, on-link on eth0", "proxy_ndp is 0 on eth0, 2 of 2 addresses have no proxy entry"]),
        Case(
            note: "proxy_ndp unreadable (no /proc/sys): fail, and the message says unreadable, not 0",
            host: host(proxyNDP: nil, allProxyNDP: nil, proxies: [proxy(a), proxy(b)]),
            status: .fail, fix: "sysctl -w net.ipv6.conf.eth0.proxy_ndp=1 && (grep -qxF 'net.ipv6.conf.eth0.proxy_ndp = 1' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.eth0.proxy_ndp = 1' >> /etc/sysctl.d/90-ipv6-reconcile.conf)",
            phrases: ["(proxy_ndp of eth0 cannot be read)"]),
        Case(
            note: "proxy_ndp on through all.proxy_ndp=1, no entries: fail, only the entries",
            host: host(proxyNDP: 0, allProxyNDP: 1), status: .fail, fix: "\(add(a)) && \(add(b))"),
        Case(
            note: "proxy_ndp on eth0, the entries on the bridge: they do not count, fail",
            host: host(proxyNDP: 1, proxies: [proxy(a, on: 3), proxy(b, on: 3)]), status: .fail, fix: "\(add(a)) && \(add(b))"),
        Case(
            note: "proxy_ndp on, one entry of two: fail, the missing one", host: host(proxyNDP: 1, proxies: [proxy(a)]),
            status: .fail, fix: .some(add(b)), phrases: ["1 of 2 addresses has no proxy entry"]),
        Case(
            note: "proxy_ndp 0, both entries: fail, only the sysctl", host: host(proxyNDP: 0, proxies: [proxy(b), proxy(a)]),
            status: .fail, fix: "sysctl -w net.ipv6.conf.eth0.proxy_ndp=1 && (grep -qxF 'net.ipv6.conf.eth0.proxy_ndp = 1' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.eth0.proxy_ndp = 1' >> /etc/sysctl.d/90-ipv6-reconcile.conf)", phrases: ["(proxy_ndp is 0 on eth0)"]),
        Case(
            note: "proxy_ndp on and every address has its entry: ok",
            host: host(proxyNDP: 1, proxies: [proxy(b), proxy(a), proxy(Fixture.address("2001:db8:aa:bb::99"))]), status: .ok,
            fix: .some(nil), phrases: ["all 2 addresses have a proxy entry"]),
        Case(
            note: "all.proxy_ndp on and every address has its entry: ok", host: host(allProxyNDP: 1, proxies: [proxy(a), proxy(b)]),
            status: .ok, fix: .some(nil)),
        Case(
            note: "no addresses assigned and proxy_ndp on: ok, nothing to answer for",
            labelled: PrefixDelivery.LabelledSubnet(network: "web6", subnet: web6.subnet, gateway: web6.gateway, addresses: []),
            host: host(proxyNDP: 1), status: .ok, fix: .some(nil)),
        Case(
            note: "no addresses assigned and proxy_ndp off: fail, only the sysctl",
            labelled: PrefixDelivery.LabelledSubnet(network: "web6", subnet: web6.subnet, gateway: web6.gateway, addresses: []),
            host: host(proxyNDP: 0), status: .fail, fix: "sysctl -w net.ipv6.conf.eth0.proxy_ndp=1 && (grep -qxF 'net.ipv6.conf.eth0.proxy_ndp = 1' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.eth0.proxy_ndp = 1' >> /etc/sysctl.d/90-ipv6-reconcile.conf)"),
        // The same prefix on a host link and on the network.
        Case(
            note: "the uplink's own /64 as the network's subnet: fail, clash", labelled: same64, host: host(proxyNDP: 1),
            status: .fail,
            fix: "recreate the network with a longer prefix inside it, not the link's own (docker network create --ipv6 --subnet 2001:db8:aa:bb::/80 ...), and answer for its addresses on eth0 with proxy NDP",
            phrases: ["the network's subnet 2001:db8:aa:bb::/64 is also on-link on eth0 (its address 2001:db8:aa:bb::10/64)"]),
        Case(
            note: "the network's gateway on its bridge with the same prefix is not a clash: the proxy rules decide",
            host: host(proxyNDP: 1, proxies: [proxy(a), proxy(b)]), status: .ok),
        Case(
            note: "the same /80 on another interface, not the gateway: a clash",
            host: host(
                proxyNDP: 1,
                addresses: [uplinkAddress, HostAddress(interfaceIndex: 2, address: Fixture.address("2001:db8:aa:bb:1::77"), prefixLength: 80)],
                proxies: [proxy(a), proxy(b)]),
            status: .fail, phrases: ["also on-link on eth0 (its address 2001:db8:aa:bb:1::77/80)"]),
        Case(
            note: "an address inside the subnet with another prefix length is not a clash",
            host: host(
                proxyNDP: 1,
                addresses: [uplinkAddress, bridgeAddress, HostAddress(interfaceIndex: 2, address: Fixture.address("2001:db8:aa:bb:1::77"), prefixLength: 128)],
                proxies: [proxy(a), proxy(b)]),
            status: .ok),
        Case(
            note: "the same /80 on lo is not a clash",
            host: host(
                proxyNDP: 1,
                addresses: [uplinkAddress, bridgeAddress, HostAddress(interfaceIndex: 1, address: Fixture.address("2001:db8:aa:bb:1::77"), prefixLength: 80)],
                proxies: [proxy(a), proxy(b)]),
            status: .ok),
        Case(
            note: "the uplink's /64 learned as an on-link route only (no host address in it) is a clash too",
            labelled: same64, host: host(proxyNDP: 1, addresses: [bridgeAddress], routes: [
                HostRoute(destination: Fixture.subnet("2001:db8:aa:bb::/64"), interfaceIndex: 2, origin: .routerAdvertisement), bridge80,
            ]),
            status: .fail, phrases: ["is also on-link on eth0 (a proto ra route)"]),
        Case(
            note: "the network's own route on its bridge (which holds the gateway) is not a clash",
            labelled: routed6, host: host(
                addresses: [uplinkAddress, HostAddress(interfaceIndex: 3, address: Fixture.address("2001:db8:ff:1::1"), prefixLength: 64)],
                routes: [onLink64, HostRoute(destination: Fixture.subnet("2001:db8:ff:1::/64"), interfaceIndex: 3, origin: .kernel)]),
            status: .info),
        Case(
            note: "a network without a gateway: the bridge's address is then a clash",
            labelled: PrefixDelivery.LabelledSubnet(network: "web6", subnet: web6.subnet, addresses: [a, b]),
            host: host(proxyNDP: 1, proxies: [proxy(a), proxy(b)]), status: .fail, phrases: ["on-link on br-web6"]),
    ]

    /// Each network on each host gets the expected status, fix and message, about the network.
    @Test(arguments: cases)
    func check(_ testCase: Case) {
        let check = PrefixDelivery.check(testCase.labelled, host: testCase.host)
        #expect(check.id == "prefix.delivery")
        #expect(check.subject == CheckSubject(.network, testCase.labelled.network))
        #expect(check.status == testCase.status)
        #expect((check.fix != nil) == (check.status != .ok), "\(check.fix ?? "no fix")")
        if case .some(let fix) = testCase.fix { #expect(check.fix == fix) }
        for phrase in testCase.phrases {
            #expect(check.message.contains(phrase), "\(check.message)")
        }
    }

    /// The clash fix keeps the suggested prefix at /112 at most.
    @Test func clashFixCapsTheLongerPrefix() {
        let tiny = PrefixDelivery.LabelledSubnet(network: "tiny", subnet: Fixture.subnet("2001:db8:aa:bb::/112"), addresses: [])
        let host = Self.host(addresses: [HostAddress(interfaceIndex: 2, address: Fixture.address("2001:db8:aa:bb::10"), prefixLength: 112)])
        let check = PrefixDelivery.check(tiny, host: host)
        #expect(check.fix?.contains("--subnet 2001:db8:aa:bb::/112 ...") == true, "\(check.fix ?? "")")
    }

    /// One address: the ok message says so in the singular.
    @Test func singleAddressMessage() {
        let one = PrefixDelivery.LabelledSubnet(network: "web6", subnet: Self.web6.subnet, gateway: Self.web6.gateway, addresses: [Self.a])
        let check = PrefixDelivery.check(one, host: Self.host(proxyNDP: 1, proxies: [Self.proxy(Self.a)]))
        #expect(check.status == .ok)
        #expect(check.message.hasSuffix("proxy_ndp is on and the address has a proxy entry"))
    }

    /// `host.engine-namespace`: a connected network's gateway on an interface here proves this is
    /// the engine's namespace; none of them here means another namespace (a container's); with no
    /// connected network there is nothing to tell by.
    @Test(arguments: [
        // web6 connected, its gateway on br-web6: ok
        ([connected(web6)], host(), CheckStatus?.some(.ok)),
        // web6 connected, no address of it here (a container's namespace): fail
        ([connected(web6)], host(addresses: [uplinkAddress]), CheckStatus?.some(.fail)),
        // routed6 connected without its gateway here, web6's gateway here: ok, one is enough
        ([connected(routed6), connected(web6)], host(), CheckStatus?.some(.ok)),
        // nothing connected yet (Podman makes its bridge only then): no check
        ([web6], host(addresses: [uplinkAddress]), CheckStatus?.none),
    ] as [([PrefixDelivery.LabelledSubnet], HostNetworkState, CheckStatus?)])
    func engineNamespace(_ subnets: [PrefixDelivery.LabelledSubnet], _ host: HostNetworkState, _ expected: CheckStatus?) {
        let check = PrefixDelivery.engineNamespace(subnets, host: host)
        #expect(check?.status == expected)
        #expect(check.map { $0.id == "host.engine-namespace" && $0.subject == .host } ?? true)
        #expect(check.map { ($0.fix != nil) == ($0.status != .ok) } ?? true)
    }

    /// `labelled` with a connected container.
    static func connected(_ labelled: PrefixDelivery.LabelledSubnet) -> PrefixDelivery.LabelledSubnet {
        var result = labelled
        result.hasConnectedContainers = true
        return result
    }
}

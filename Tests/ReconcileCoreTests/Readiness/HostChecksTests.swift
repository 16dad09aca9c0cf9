import ReconcileCore
import Testing

/// The host-wide checks of `--check`: the namespace, `all.forwarding`, the default route, and
/// `accept_ra` on the interfaces whose default route comes from router advertisements.
@Suite struct HostChecksTests {
    /// `lo`, index 1.
    static let lo = HostInterface(index: 1, name: "lo", isLoopback: true, forwarding: 1, acceptRA: 1)

    /// The uplink `eth0`, index 2, with the given `forwarding` and `accept_ra`.
    static func eth0(forwarding: Int? = 1, acceptRA: Int? = 2) -> HostInterface {
        HostInterface(index: 2, name: "eth0", forwarding: forwarding, acceptRA: acceptRA)
    }

    /// A default route via `fe80::1` on interface `index`.
    static func defaultRoute(
        _ origin: RouteOrigin, on index: Int? = 2, isUnicast: Bool = true, expires: Int? = nil
    ) -> HostRoute {
        HostRoute(
            destination: Fixture.subnet("::/0"), gateway: Fixture.address("fe80::1"), interfaceIndex: index, origin: origin,
            isUnicast: isUnicast, expiresInSeconds: expires)
    }

    /// The prefix route of the uplink's address: not a default route.
    static let onLink = HostRoute(destination: Fixture.subnet("2001:db8:aa:bb::/64"), interfaceIndex: 2, origin: .kernel)

    /// A host of `lo` and `interfaces` with `all.forwarding` and `routes`.
    static func host(
        _ interfaces: [HostInterface] = [eth0()], allForwarding: Int? = 1, routes: [HostRoute] = [onLink, defaultRoute(.administrator)]
    ) -> HostNetworkState {
        HostNetworkState(interfaces: [lo] + interfaces, allForwarding: allForwarding, routes: routes)
    }

    /// A state, which checks to look at, and what they must be.
    struct Case: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// The host.
        var host: HostNetworkState
        /// The check id the case is about.
        var id: String
        /// The checks with that id, in order: their status and subject.
        var expected: [(status: CheckStatus, subject: CheckSubject)]
        /// Phrases the first such check's message must hold.
        var phrases: [String] = []
        /// The first such check's exact fix, when the case pins it.
        var fix: String? = nil

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// The interface `eth0` as a subject.
    static let eth0Subject = CheckSubject(.interface, "eth0")

    /// `sysctl -w KEY=2 && echo 'KEY = 2' >> …` for eth0's `accept_ra`.
    static let acceptRAFix =
        "sysctl -w net.ipv6.conf.eth0.accept_ra=2 && (grep -qxF 'net.ipv6.conf.eth0.accept_ra = 2' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.eth0.accept_ra = 2' >> /etc/sysctl.d/90-ipv6-reconcile.conf)"

    /// An RA default route on eth0 that expires in 1800 s.
    static let raRoute = defaultRoute(.routerAdvertisement, expires: 1800)

    /// Every branch, good and bad.
    static let cases: [Case] = [
        // host.forwarding
        Case(
            note: "forwarding 1: ok", host: host(allForwarding: 1), id: "host.forwarding", expected: [(.ok, .host)],
            phrases: ["IPv6 forwarding is on (net.ipv6.conf.all.forwarding = 1)"]),
        Case(
            note: "forwarding 0: fail, set it and keep it", host: host(allForwarding: 0), id: "host.forwarding",
            expected: [(.fail, .host)], phrases: ["IPv6 forwarding is off (net.ipv6.conf.all.forwarding = 0)"],
            fix: "sysctl -w net.ipv6.conf.all.forwarding=1 && (grep -qxF 'net.ipv6.conf.all.forwarding = 1' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.all.forwarding = 1' >> /etc/sysctl.d/90-ipv6-reconcile.conf)"),
        Case(
            note: "forwarding unreadable: fail, IPv6 is off in the kernel", host: host(allForwarding: nil), id: "host.forwarding",
            expected: [(.fail, .host)], phrases: ["cannot be read: this kernel has IPv6 turned off"]),
        // host.default-route
        Case(
            note: "no default route: fail", host: host(routes: [onLink]), id: "host.default-route", expected: [(.fail, .host)],
            phrases: ["there is no IPv6 default route"]),
        Case(
            note: "no routes at all: fail", host: host(routes: []), id: "host.default-route", expected: [(.fail, .host)]),
        Case(
            note: "static default route: ok, described as ip route does", host: host(), id: "host.default-route",
            expected: [(.ok, .host)], phrases: ["IPv6 default route via fe80::1 dev eth0 (proto static)"]),
        Case(
            note: "default route from router advertisements: ok, with its expiry", host: host(routes: [raRoute]),
            id: "host.default-route", expected: [(.ok, .host)],
            phrases: ["IPv6 default route via fe80::1 dev eth0 (proto ra, expires in 1800 s)"]),
        Case(
            note: "only an unreachable-type default route: it forwards nothing, fail",
            host: host(routes: [onLink, defaultRoute(.boot, on: nil, isUnicast: false)]), id: "host.default-route",
            expected: [(.fail, .host)]),
        Case(
            note: "an unreachable default first, a unicast one after: ok, the unicast one is described",
            host: host(routes: [defaultRoute(.boot, on: nil, isUnicast: false), defaultRoute(.dhcp)]), id: "host.default-route",
            expected: [(.ok, .host)], phrases: ["(proto dhcp)"]),
        // host.accept-ra with forwarding on
        Case(
            note: "RA route, forwarding on, accept_ra 0: fail", host: host([eth0(forwarding: 1, acceptRA: 0)], routes: [raRoute]),
            id: "host.accept-ra", expected: [(.fail, eth0Subject)],
            phrases: ["(accept_ra 0, forwarding 1)", "goes away when it expires (in 1800 s)"], fix: acceptRAFix),
        Case(
            note: "RA route, forwarding on, accept_ra 1: fail, the kernel ignores RAs now",
            host: host([eth0(forwarding: 1, acceptRA: 1)], routes: [raRoute]), id: "host.accept-ra",
            expected: [(.fail, eth0Subject)], phrases: ["(accept_ra 1, forwarding 1)"], fix: acceptRAFix),
        Case(
            note: "RA route, forwarding on, accept_ra 2: ok", host: host([eth0(forwarding: 1, acceptRA: 2)], routes: [raRoute]),
            id: "host.accept-ra", expected: [(.ok, eth0Subject)], phrases: ["accept_ra is 2"]),
        Case(
            note: "RA route, accept_ra unreadable: fail, shown as unknown",
            host: host([eth0(forwarding: 1, acceptRA: nil)], routes: [raRoute]), id: "host.accept-ra",
            expected: [(.fail, eth0Subject)], phrases: ["accept_ra unknown"]),
        Case(
            note: "RA route without an expiry: fail without the expiry clause",
            host: host([eth0(forwarding: 1, acceptRA: 1)], routes: [defaultRoute(.routerAdvertisement)]), id: "host.accept-ra",
            expected: [(.fail, eth0Subject)], phrases: ["the route goes away when it expires"]),
        // host.accept-ra with forwarding off
        Case(
            note: "RA route, forwarding off, accept_ra 1: warn, it breaks once forwarding is on",
            host: host([eth0(forwarding: 0, acceptRA: 1)], allForwarding: 0, routes: [raRoute]), id: "host.accept-ra",
            expected: [(.warn, eth0Subject)], phrases: ["turning forwarding on removes it at once"], fix: acceptRAFix),
        Case(
            note: "RA route, forwarding off, accept_ra 0: fail, RAs are never heard",
            host: host([eth0(forwarding: 0, acceptRA: 0)], allForwarding: 0, routes: [raRoute]), id: "host.accept-ra",
            expected: [(.fail, eth0Subject)]),
        // Whose forwarding counts
        Case(
            note: "interface forwarding 0 is taken over all.forwarding 1: warn",
            host: host([eth0(forwarding: 0, acceptRA: 1)], allForwarding: 1, routes: [raRoute]), id: "host.accept-ra",
            expected: [(.warn, eth0Subject)]),
        Case(
            note: "interface forwarding 1 is taken over all.forwarding 0: fail",
            host: host([eth0(forwarding: 1, acceptRA: 1)], allForwarding: 0, routes: [raRoute]), id: "host.accept-ra",
            expected: [(.fail, eth0Subject)], phrases: ["forwarding 1)"]),
        Case(
            note: "interface forwarding unreadable: all.forwarding 1 decides, fail",
            host: host([eth0(forwarding: nil, acceptRA: 1)], allForwarding: 1, routes: [raRoute]), id: "host.accept-ra",
            expected: [(.fail, eth0Subject)]),
        Case(
            note: "interface forwarding unreadable: all.forwarding 0 decides, warn",
            host: host([eth0(forwarding: nil, acceptRA: 1)], allForwarding: 0, routes: [raRoute]), id: "host.accept-ra",
            expected: [(.warn, eth0Subject)]),
        // Which routes count
        Case(
            note: "a static default route: no RA to lose, one ok on the host",
            host: host([eth0(forwarding: 1, acceptRA: 0)]), id: "host.accept-ra", expected: [(.ok, .host)],
            phrases: ["no default route comes from router advertisements"]),
        Case(
            note: "an unreachable default route from RAs does not count: ok on the host",
            host: host([eth0(forwarding: 1, acceptRA: 0)], routes: [defaultRoute(.routerAdvertisement, isUnicast: false)]),
            id: "host.accept-ra", expected: [(.ok, .host)]),
        Case(
            note: "an RA default route with no interface (multipath) does not count: ok on the host",
            host: host([eth0(forwarding: 1, acceptRA: 0)], routes: [defaultRoute(.routerAdvertisement, on: nil)]),
            id: "host.accept-ra", expected: [(.ok, .host)]),
        Case(
            note: "a non-default RA route does not count: ok on the host",
            host: host(
                [eth0(forwarding: 1, acceptRA: 0)],
                routes: [HostRoute(destination: Fixture.subnet("2001:db8:aa:bb::/64"), interfaceIndex: 2, origin: .routerAdvertisement)]),
            id: "host.accept-ra", expected: [(.ok, .host)]),
        Case(
            note: "two RA default routes on eth0 (two routers): one check",
            host: host(
                [eth0(forwarding: 1, acceptRA: 1)],
                routes: [raRoute, HostRoute(
                    destination: Fixture.subnet("::/0"), gateway: Fixture.address("fe80::2"), interfaceIndex: 2,
                    origin: .routerAdvertisement)]),
            id: "host.accept-ra", expected: [(.fail, eth0Subject)]),
        Case(
            note: "RA default routes on two interfaces: one check each, in route order",
            host: host(
                [eth0(forwarding: 1, acceptRA: 2), HostInterface(index: 3, name: "wlan0", forwarding: 1, acceptRA: 1)],
                routes: [defaultRoute(.routerAdvertisement, on: 3), raRoute]),
            id: "host.accept-ra", expected: [(.fail, CheckSubject(.interface, "wlan0")), (.ok, eth0Subject)]),
        Case(
            note: "an RA route on an interface that went away: named if#N, fail",
            host: host([eth0()], routes: [defaultRoute(.routerAdvertisement, on: 9)]), id: "host.accept-ra",
            expected: [(.fail, CheckSubject(.interface, "if#9"))], phrases: ["the default route on if#9"]),
    ]

    /// Each state gives the expected checks with the case's id; every check that is not ok has a fix.
    @Test(arguments: cases)
    func check(_ testCase: Case) throws {
        let checks = HostChecks.checks(testCase.host)
        let matching = checks.filter { $0.id == testCase.id }
        #expect(matching.map(\.status) == testCase.expected.map(\.status))
        #expect(matching.map(\.subject) == testCase.expected.map(\.subject))
        let first = try #require(matching.first)
        for phrase in testCase.phrases {
            #expect(first.message.contains(phrase), "\(first.message)")
        }
        if let fix = testCase.fix { #expect(first.fix == fix) }
        for check in checks {
            #expect((check.fix != nil) == (check.status != .ok), "\(check.id): \(check.fix ?? "no fix")")
            #expect(!check.message.contains("\n"))
        }
    }

    /// A full host: the namespace check first, then forwarding, default route and accept_ra, once each.
    @Test func orderOfAFullHost() {
        let checks = HostChecks.checks(Self.host())
        #expect(checks.map(\.id) == ["host.namespace", "host.forwarding", "host.default-route", "host.accept-ra"])
        #expect(checks.allSatisfy { $0.status == .ok })
        #expect(checks[0].message == "network namespace with 1 interface up besides lo")
    }

    /// Namespaces without any interface but `lo` (the service's `PrivateNetwork=yes`, a container)
    /// give exactly one failing `host.namespace` check, whatever else they hold.
    @Test(arguments: [
        HostNetworkState(interfaces: [lo], allForwarding: 0),  // only lo, forwarding off
        HostNetworkState(interfaces: [lo], allForwarding: 1, routes: [defaultRoute(.administrator, on: 1)]),  // only lo, a route on it
        HostNetworkState(interfaces: [], allForwarding: nil),  // nothing at all (no IPv6)
        // lo and interfaces that are down (ifb0, a veth whose peer is gone): nothing to judge either
        HostNetworkState(interfaces: [lo, HostInterface(index: 2, name: "ifb0", isUp: false)], allForwarding: 0),
    ])
    func onlyLoopback(_ host: HostNetworkState) throws {
        let checks = HostChecks.checks(host)
        try #require(checks.count == 1)
        #expect(checks[0].id == "host.namespace")
        #expect(checks[0].status == .fail)
        #expect(checks[0].subject == .host)
        #expect(checks[0].fix != nil)
    }

    /// Two interfaces besides lo: the namespace message counts them in the plural.
    @Test func namespaceCountsInterfaces() {
        let checks = HostChecks.checks(Self.host([Self.eth0(), HostInterface(index: 3, name: "docker0")]))
        #expect(checks.first?.message == "network namespace with 2 interfaces up besides lo")
        #expect(checks.first?.status == .ok)
    }

    /// A VLAN interface's dots are slashes in its sysctl key, which `sysctl` reads as a dot in a name.
    @Test func vlanInterfaceKeyUsesSlashes() throws {
        let vlan = HostInterface(index: 5, name: "eth0.100", forwarding: 1, acceptRA: 1)
        let checks = HostChecks.checks(Self.host([vlan], routes: [Self.defaultRoute(.routerAdvertisement, on: 5)]))
        let check = try #require(checks.first { $0.id == "host.accept-ra" })
        #expect(check.status == .fail)
        #expect(check.subject == CheckSubject(.interface, "eth0.100"))
        #expect(check.fix
            == "sysctl -w net.ipv6.conf.eth0/100.accept_ra=2 && (grep -qxF 'net.ipv6.conf.eth0/100.accept_ra = 2' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.eth0/100.accept_ra = 2' >> /etc/sysctl.d/90-ipv6-reconcile.conf)")
    }

    /// The forwarding fix, where a default route comes from router advertisements: turning
    /// forwarding on would remove it at once unless accept_ra is 2 there, so the fix sets that
    /// first, for each such interface, and only where it is not 2 already.
    @Test(arguments: [
        // accept_ra 1 on eth0: the accept_ra step first, then forwarding
        ([eth0(forwarding: 0, acceptRA: 1)], [defaultRoute(.routerAdvertisement)], true),
        // accept_ra 2 already: forwarding alone
        ([eth0(forwarding: 0, acceptRA: 2)], [defaultRoute(.routerAdvertisement)], false),
        // a static default route: nothing to keep, forwarding alone
        ([eth0(forwarding: 0, acceptRA: 1)], [defaultRoute(.administrator)], false),
    ] as [([HostInterface], [HostRoute], Bool)])
    func forwardingFixKeepsTheLearnedRoute(_ interfaces: [HostInterface], _ routes: [HostRoute], _ setsAcceptRA: Bool) throws {
        let checks = HostChecks.checks(Self.host(interfaces, allForwarding: 0, routes: routes))
        let forwarding = try #require(checks.first { $0.id == "host.forwarding" })
        let set = "sysctl -w net.ipv6.conf.all.forwarding=1 && (grep -qxF 'net.ipv6.conf.all.forwarding = 1' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.all.forwarding = 1' >> /etc/sysctl.d/90-ipv6-reconcile.conf)"
        #expect(forwarding.fix == (setsAcceptRA ? Self.acceptRAFix + " && " + set : set))
        #expect(forwarding.message.contains("the fix sets accept_ra 2 first") == setsAcceptRA, "\(forwarding.message)")
    }
}

import ReconcileCore
import Testing

/// The engine, network and container checks of `--check`, from a dry run's observation, plan and
/// exposure verdicts.
@Suite struct EngineReadinessTests {
    /// No gateway mode option: nat on Docker 27 and later.
    static let natnet = Fixture.bridge("natnet", ["2001:db8:10:1::/80", "198.18.0.0/24"])
    /// `gateway_mode_ipv6=routed`.
    static let routednet = Fixture.bridge("routednet", ["2001:db8:10:2::/80"], ipv6Mode: "routed")
    /// `gateway_mode_ipv6=nat-unprotected`.
    static let nunet = Fixture.bridge("nunet", ["2001:db8:10:4::/80"], ipv6Mode: "nat-unprotected")
    /// `gateway_mode_ipv6=isolated`.
    static let isolated = Fixture.bridge("iso6", ["2001:db8:10:6::/80"], ipv6Mode: "isolated")
    /// A gateway mode this tool does not know.
    static let oddMode = Fixture.bridge("oddnet", ["2001:db8:10:7::/80"], ipv6Mode: "Routed")
    /// `--internal`, routed.
    static let intnet = Fixture.bridge("intnet", ["2001:db8:10:3::/80"], isInternal: true, ipv6Mode: "routed")
    /// No IPv6 pool.
    static let v4net = Fixture.bridge("v4net", ["172.31.0.0/16"])
    /// A /56, which Docker before 28 shortens addresses on.
    static let wide = Fixture.bridge("wide56", ["2001:db8:100::/56"], ipv6Mode: "routed")
    /// A /64.
    static let narrow = Fixture.bridge("narrow64", ["2001:db8:101::/64"], ipv6Mode: "routed")
    /// A macvlan network: on the host's own link.
    static let macvlan: ObservedNetwork = {
        var network = Fixture.bridge("lan", ["2001:db8:10:9::/64"])
        network.driver = "macvlan"
        return network
    }()

    /// Every network above.
    static let networks = [natnet, routednet, nunet, isolated, oddMode, intnet, v4net, wide, narrow, macvlan]

    /// Docker 28.5, firewall on.
    static let docker285 = Fixture.firewallOn
    /// Docker 20.10, no IPv6 firewall.
    static let docker2010 = Fixture.firewallOff
    /// Docker 27.5, firewall unknown.
    static let docker275 = Fixture.firewallUnknown
    /// Podman 5.4.2, which says API 1.41.
    static let podman = Fixture.nothingFilters(podman: "5.4.2")

    /// Where the engine was reached.
    static let socket = "unix:///var/run/docker.sock"

    /// A container named `name` labelled for `network` (with `suffix`, or the name's MD5 when nil),
    /// on `connectedAt`'s network at that address when given, publishing 80/tcp on `::`.
    static func container(
        _ network: String, name: String = "web", suffix: String? = "5", connectedAt: (ObservedNetwork, String)? = nil
    ) -> ObservedContainer {
        let endpoints = connectedAt.map { [Fixture.endpoint($0.0, $0.1)] } ?? []
        var container = Fixture.container(name, network: network, suffix: suffix, endpoints: endpoints)
        container.publishedPorts = [Fixture.port(80, on: "::")]
        return container
    }

    /// The readiness of `containers` on every network above under `engine`, as `--check` builds it.
    static func readiness(_ containers: [ObservedContainer], engine: EngineFacts) -> EngineReadiness {
        let observation = Observation(containers: containers, networks: networks)
        let policy = ReconcilePolicy()
        let plan = Plan(observation: observation, policy: policy)
        let exposures = ExposureRules(observation: observation, plan: plan, engine: engine).verdicts(for: plan)
        return EngineReadiness(
            engine: engine, address: socket, observation: observation, plan: plan, exposures: exposures, policy: policy)
    }

    /// One check a case expects.
    struct Expected: Sendable, CustomStringConvertible {
        /// Its id.
        var id: String
        /// Its subject.
        var subject: CheckSubject
        /// Its status.
        var status: CheckStatus
        /// A phrase its message must hold.
        var phrase: String? = nil
        /// Its exact fix, when pinned.
        var fix: String? = nil

        /// For failure messages.
        var description: String { "\(status) \(id) \(subject)" }
    }

    /// The network `name` as a subject.
    static func network(_ name: String) -> CheckSubject { CheckSubject(.network, name) }
    /// The container `name` as a subject.
    static let web = CheckSubject(.container, "web")

    /// One situation and the checks it must (and must not) give.
    struct Case: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// The engine.
        var engine: EngineFacts
        /// The labelled containers.
        var containers: [ObservedContainer]
        /// Checks that must be among the result, each exactly once.
        var expected: [Expected]
        /// Ids that must not appear at all.
        var absent: [String] = []

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// The routed recreate fix for natnet, with its real subnet and name.
    static let natnetFix =
        "docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' natnet | xargs -rn1 docker network disconnect natnet && docker network rm natnet && docker network create --ipv6 --subnet 2001:db8:10:1::/80 -o com.docker.network.bridge.gateway_mode_ipv6=routed natnet (add any other options the network was created with; this tool then reconnects the labelled containers at the same addresses, and on Docker 28 only their published ports answer: docker run -p PORT (any free host port) or -p HOSTPORT:PORT, not -p 0.0.0.0:HOSTPORT:PORT)"

    /// Every branch, good and bad.
    static let cases: [Case] = [
        // The engine.
        Case(
            note: "Docker 28.5 with its firewall on: engine ok", engine: docker285, containers: [container("routednet")],
            expected: [
                Expected(id: "engine.api", subject: .engine, status: .ok, phrase: "Docker 28.5.2+dfsg4 at unix:///var/run/docker.sock, API 1.51"),
                Expected(id: "engine.firewall", subject: .engine, status: .ok, phrase: "IPv6 firewall on: the engine's firewall is on (FirewallBackend iptables)"),
            ]),
        Case(
            note: "Docker 20.10: firewall off, ok", engine: docker2010, containers: [container("natnet")],
            expected: [
                Expected(id: "engine.api", subject: .engine, status: .ok, phrase: "Docker 20.10.24+dfsg1 at unix:///var/run/docker.sock, API 1.41"),
                Expected(id: "engine.firewall", subject: .engine, status: .ok, phrase: "IPv6 firewall off"),
                Expected(id: "network.gateway-mode", subject: network("natnet"), status: .ok, phrase: "gateway_mode_ipv6 unset (nat); nothing masquerades or drops"),
                Expected(id: "container.exposure", subject: web, status: .ok),
            ]),
        Case(
            note: "Docker 27.5 (API 1.47): firewall unknown, info; nat network info; exposure info", engine: docker275,
            containers: [container("natnet")],
            expected: [
                Expected(id: "engine.firewall", subject: .engine, status: .info, phrase: "IPv6 firewall unknown"),
                Expected(id: "network.gateway-mode", subject: network("natnet"), status: .info, fix: "if the engine's IPv6 firewall is on, " + natnetFix),
                Expected(id: "container.exposure", subject: web, status: .info, phrase: "reachability unknown"),
            ]),
        Case(
            note: "firewall unknown, routed network: gateway mode ok", engine: docker275, containers: [container("routednet")],
            expected: [Expected(id: "network.gateway-mode", subject: network("routednet"), status: .ok)]),
        Case(
            note: "Podman: engine.api names Podman", engine: podman, containers: [container("natnet")],
            expected: [
                Expected(id: "engine.api", subject: .engine, status: .ok, phrase: "Podman 5.4.2 at unix:///var/run/docker.sock, API 1.41"),
                Expected(id: "engine.firewall", subject: .engine, status: .ok, phrase: "IPv6 firewall off: Podman 5.4.2"),
            ]),
        // Gateway modes with the firewall on.
        Case(
            note: "nat network under 28.5: gateway mode fail with the recreate fix, exposure fail pointing at it", engine: docker285,
            containers: [container("natnet")],
            expected: [
                Expected(id: "network.ipv6", subject: network("natnet"), status: .ok, phrase: "IPv6 subnet 2001:db8:10:1::/80, gateway 2001:db8:10:1::1"),
                Expected(id: "network.gateway-mode", subject: network("natnet"), status: .fail, phrase: "the engine masquerades the network's IPv6", fix: natnetFix),
                Expected(id: "network.internal", subject: network("natnet"), status: .ok),
                Expected(id: "container.action", subject: web, status: .info, phrase: "on \"natnet\": not connected yet; a run connects it at 2001:db8:10:1::5"),
                Expected(id: "container.exposure", subject: web, status: .fail, phrase: "on \"natnet\" at 2001:db8:10:1::5: not reachable",
                    fix: "the network.gateway-mode fix of network \"natnet\""),
            ]),
        Case(
            note: "routed under 28.5: ok, exposure on the published port", engine: docker285, containers: [container("routednet")],
            expected: [
                Expected(id: "network.gateway-mode", subject: network("routednet"), status: .ok, phrase: "answer on their published ports"),
                Expected(id: "container.exposure", subject: web, status: .ok, phrase: "reachable on 80/tcp only"),
            ]),
        Case(
            note: "nat-unprotected under 28.5: ok", engine: docker285, containers: [container("nunet")],
            expected: [
                Expected(id: "network.gateway-mode", subject: network("nunet"), status: .ok, phrase: "answer on every port"),
                Expected(id: "container.exposure", subject: web, status: .ok, phrase: "reachable on all ports"),
            ]),
        Case(
            note: "isolated under 28.5: fail", engine: docker285, containers: [container("iso6")],
            expected: [
                Expected(id: "network.gateway-mode", subject: network("iso6"), status: .fail, fix: "recreate the network without gateway_mode_ipv6=isolated"),
            ]),
        Case(
            note: "a mode this tool does not know: info", engine: docker285, containers: [container("oddnet")],
            expected: [Expected(id: "network.gateway-mode", subject: network("oddnet"), status: .info, phrase: "gateway_mode_ipv6 \"Routed\" is not one this tool knows")]),
        Case(
            note: "macvlan: gateway modes do not apply, info", engine: docker285, containers: [container("lan")],
            expected: [Expected(id: "network.gateway-mode", subject: network("lan"), status: .info, phrase: "the \"macvlan\" driver")]),
        // Internal, missing, IPv4-only networks.
        Case(
            note: "internal network: warn", engine: docker285, containers: [container("intnet")],
            expected: [
                Expected(id: "network.internal", subject: network("intnet"), status: .warn, fix: "recreate the network without --internal"),
                Expected(id: "container.exposure", subject: web, status: .fail),
            ]),
        Case(
            note: "network not found: network.exists fail once, container.action fail, no network checks", engine: docker285,
            containers: [container("nope"), container("nope", name: "db")],
            expected: [
                Expected(
                    id: "network.exists", subject: network("nope"), status: .fail,
                    phrase: "no network has the ID, name or ID prefix \"nope\"",
                    fix: "create it (docker network create --ipv6 --subnet PREFIX/LENGTH -o com.docker.network.bridge.gateway_mode_ipv6=routed nope), or correct the ipv6.mapper.network label"),
                Expected(id: "container.action", subject: web, status: .fail, phrase: "on \"nope\": "),
                Expected(id: "container.action", subject: CheckSubject(.container, "db"), status: .fail),
            ],
            absent: ["network.ipv6", "network.gateway-mode", "network.internal", "container.exposure"]),
        Case(
            note: "IPv4-only network under a firewall: network.ipv6 fail with a routed recreate, no gateway-mode check",
            engine: docker285, containers: [container("v4net")],
            expected: [
                Expected(
                    id: "network.ipv6", subject: network("v4net"), status: .fail,
                    fix: "recreate the network with one IPv6 subnet: docker network rm v4net && docker network create --ipv6 --subnet PREFIX/LENGTH -o com.docker.network.bridge.gateway_mode_ipv6=routed v4net"),
                Expected(id: "container.action", subject: web, status: .fail),
            ],
            absent: ["network.exists", "container.exposure", "network.gateway-mode"]),
        Case(
            note: "IPv4-only network without a firewall: the recreate fix has no gateway mode", engine: docker2010,
            containers: [container("v4net")],
            expected: [
                Expected(
                    id: "network.ipv6", subject: network("v4net"), status: .fail,
                    fix: "recreate the network with one IPv6 subnet: docker network rm v4net && docker network create --ipv6 --subnet PREFIX/LENGTH v4net"),
            ],
            absent: ["network.gateway-mode"]),
        // Container actions.
        Case(
            note: "in sync: ok", engine: docker285, containers: [container("routednet", connectedAt: (routednet, "2001:db8:10:2::5"))],
            expected: [Expected(id: "container.action", subject: web, status: .ok, phrase: "on \"routednet\": in sync at 2001:db8:10:2::5")]),
        Case(
            note: "not connected: info, a run connects it", engine: docker285, containers: [container("routednet")],
            expected: [Expected(id: "container.action", subject: web, status: .info, fix: "ipv6-reconcile (the timer's next run does it)")]),
        Case(
            note: "drift: warn, --fix-drift", engine: docker285,
            containers: [container("routednet", connectedAt: (routednet, "2001:db8:10:2::6"))],
            expected: [
                Expected(
                    id: "container.action", subject: web, status: .warn,
                    phrase: "on \"routednet\": drift: connected at 2001:db8:10:2::6, not at 2001:db8:10:2::5",
                    fix: "ipv6-reconcile --fix-drift (reconnects it at the desired address)"),
            ]),
        Case(
            note: "drift without an IPv6 address: warn", engine: docker285,
            containers: [container("routednet", connectedAt: (routednet, ""))],
            expected: [Expected(id: "container.action", subject: web, status: .warn, phrase: "connected without an IPv6 address")]),
        Case(
            note: "bad suffix label: container.action fail with the label fix, no exposure", engine: docker285,
            containers: [container("routednet", suffix: "zz")],
            expected: [
                Expected(
                    id: "container.action", subject: web, status: .fail,
                    fix: "write the ipv6.mapper.suffix label as hex groups such as ab:cd:56, or remove it to use the name's MD5"),
            ],
            absent: ["container.exposure"]),
        // network.subnet-size
        Case(
            note: "/56 on 20.10, a suffix setting bits between 56 and 64: fail, naming the shortened address",
            engine: docker2010, containers: [container("wide56", suffix: "1:0:0:0:5")],
            expected: [
                Expected(
                    id: "network.subnet-size", subject: network("wide56"), status: .fail,
                    phrase: "1 address this tool assigns there set bits above them, and the engine gives another address without an error (\"web\": 2001:db8:100:1::5 comes up as 2001:db8:100::5)",
                    fix: "recreate the network with a /64 subnet (docker network create --ipv6 --subnet 2001:db8:100:1::/64 ...), or give those containers a ipv6.mapper.suffix label that fits in the last four groups, or use Docker 28 or later"),
            ]),
        Case(
            note: "/56 on 20.10, two such containers: counted, the first named", engine: docker2010,
            containers: [container("wide56", suffix: "1:0:0:0:5"), container("wide56", name: "zweb", suffix: "ff:0:0:0:5")],
            expected: [Expected(id: "network.subnet-size", subject: network("wide56"), status: .fail, phrase: "2 addresses this tool assigns there")]),
        Case(
            note: "/56 on 20.10, MD5-derived suffix (last three groups): ok", engine: docker2010,
            containers: [container("wide56", suffix: nil)],
            expected: [Expected(id: "network.subnet-size", subject: network("wide56"), status: .ok, phrase: "every address this tool assigns there fits in those 64 bits")]),
        Case(
            note: "/56 on 20.10, no labelled address (a bad suffix): ok", engine: docker2010,
            containers: [container("wide56", suffix: "zz")],
            expected: [Expected(id: "network.subnet-size", subject: network("wide56"), status: .ok)]),
        Case(
            note: "/56 on 27.5 (API 1.47, before 28): fail", engine: docker275, containers: [container("wide56", suffix: "1:0:0:0:5")],
            expected: [Expected(id: "network.subnet-size", subject: network("wide56"), status: .fail, phrase: "Docker 27.5.1 (before 28)")]),
        Case(
            note: "/56 on 28.5 (API 1.51): no subnet-size check at all", engine: docker285,
            containers: [container("wide56", suffix: "1:0:0:0:5")],
            expected: [Expected(id: "network.ipv6", subject: network("wide56"), status: .ok)], absent: ["network.subnet-size"]),
        Case(
            note: "/56 on API 1.48 (Docker 28.0): no subnet-size check", engine: EngineFacts(product: "Docker 28.0.4", apiVersion: APIVersion(major: 1, minor: 48), ipv6Firewall: .unknown("")),
            containers: [container("wide56", suffix: "1:0:0:0:5")], expected: [], absent: ["network.subnet-size"]),
        Case(
            note: "/64 on 20.10: no subnet-size check", engine: docker2010, containers: [container("narrow64", suffix: "1:0:0:0:5")],
            expected: [Expected(id: "network.ipv6", subject: network("narrow64"), status: .ok)], absent: ["network.subnet-size"]),
        Case(
            note: "/56 on Podman: not judged", engine: podman, containers: [container("wide56", suffix: "1:0:0:0:5")],
            expected: [Expected(id: "network.ipv6", subject: network("wide56"), status: .ok)], absent: ["network.subnet-size"]),
    ]

    /// Each situation gives its expected checks exactly once and none of the absent ids; every
    /// check that is not ok has a fix.
    @Test(arguments: cases)
    func check(_ testCase: Case) {
        let checks = Self.readiness(testCase.containers, engine: testCase.engine).checks()
        for expected in testCase.expected {
            let matching = checks.filter { $0.id == expected.id && $0.subject == expected.subject }
            #expect(matching.count == 1, "\(expected): \(matching.map(\.status))")
            guard let check = matching.first else { continue }
            #expect(check.status == expected.status, "\(expected.id): \(check.message)")
            if let phrase = expected.phrase { #expect(check.message.contains(phrase), "\(check.message)") }
            if let fix = expected.fix { #expect(check.fix == fix) }
        }
        for id in testCase.absent {
            #expect(!checks.contains { $0.id == id }, "\(id)")
        }
        for check in checks {
            if check.status != .ok { #expect(check.fix != nil, "\(check.id) \(check.subject)") }
            #expect(!check.message.contains("\n"))
        }
    }

    /// The order of the checks: the engine, the unresolved references, each labelled network in
    /// plan order, then each pair.
    @Test func order() {
        let checks = Self.readiness([Self.container("natnet,nope,routednet")], engine: Self.docker285).checks()
        let ids = checks.map { "\($0.id) \($0.subject)" }
        #expect(ids == [
            "engine.api engine", "engine.firewall engine",
            "network.exists network \"nope\"",
            "network.ipv6 network \"natnet\"", "network.gateway-mode network \"natnet\"", "network.internal network \"natnet\"",
            "network.ipv6 network \"routednet\"", "network.gateway-mode network \"routednet\"", "network.internal network \"routednet\"",
            "container.action container \"web\"", "container.exposure container \"web\"",
            "container.action container \"web\"",
            "container.action container \"web\"", "container.exposure container \"web\"",
        ])
    }

    /// The labelled networks, once each by name, and their subnets for `PrefixDelivery`:
    /// gateway and the desired addresses of the pairs without problems; IPv4-only and internal
    /// ones left out.
    @Test func labelledSubnets() {
        let readiness = Self.readiness(
            [
                Self.container("routednet,v4net", name: "a", suffix: "5"), Self.container("routednet", name: "b", suffix: "zz"),
                Self.container("routednet,natnet", name: "c", suffix: "7"), Self.container("nope", name: "d"),
                Self.container("intnet", name: "e"),
            ],
            engine: Self.docker285)
        #expect(readiness.labelledNetworks.map(\.name) == ["intnet", "natnet", "routednet", "v4net"])
        #expect(readiness.labelledSubnets == [
            PrefixDelivery.LabelledSubnet(
                network: "natnet", subnet: Fixture.subnet("2001:db8:10:1::/80"), gateway: Fixture.address("2001:db8:10:1::1"),
                addresses: [Fixture.address("2001:db8:10:1::7")]),
            PrefixDelivery.LabelledSubnet(
                network: "routednet", subnet: Fixture.subnet("2001:db8:10:2::/80"), gateway: Fixture.address("2001:db8:10:2::1"),
                addresses: [Fixture.address("2001:db8:10:2::5"), Fixture.address("2001:db8:10:2::7")]),
        ])
    }
}

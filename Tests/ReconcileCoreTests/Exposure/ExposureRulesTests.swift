import ReconcileCore
import Testing

/// The verdict on each pair: from the engine's firewall, the network's `Internal` flag and IPv6
/// gateway mode, the container's published ports and which of its networks is its IPv6 gateway;
/// which containers need their configured port bindings, and how those decide.
@Suite struct ExposureRulesTests {
    // The networks of the Docker 28.5 captures (DockerEngineTests' Docker285), with their real
    // subnets, IPv6 pool listed first as that engine did, and a few more for the other branches.

    /// No gateway mode option: Docker 27 and later take it as `nat`.
    static let natnet = Fixture.bridge("natnet", ["2001:db8:10:1::/80", "198.18.0.0/24"])
    /// `gateway_mode_ipv6=routed`.
    static let routednet = Fixture.bridge("routednet", ["2001:db8:10:2::/80", "198.18.1.0/24"], ipv6Mode: "routed")
    /// `--internal`.
    static let intnet = Fixture.bridge("intnet", ["2001:db8:10:3::/80", "198.18.2.0/24"], isInternal: true)
    /// `gateway_mode_ipv6=nat-unprotected`.
    static let nunet = Fixture.bridge("nunet", ["2001:db8:10:4::/80", "198.18.3.0/24"], ipv6Mode: "nat-unprotected")
    /// `--internal` and `gateway_mode_ipv6=isolated`: internal decides.
    static let isonet = Fixture.bridge(
        "isonet", ["2001:db8:10:5::/80", "198.18.4.0/24"], isInternal: true, ipv6Mode: "isolated")
    /// `gateway_mode_ipv6=isolated` without `--internal`.
    static let isolated = Fixture.bridge("iso6", ["2001:db8:10:6::/80", "198.18.5.0/24"], ipv6Mode: "isolated")
    /// `gateway_mode_ipv6=nat` set explicitly, IPv4 pool listed first (as Docker 20.10 lists them).
    static let explicitNat = Fixture.bridge("nat4first", ["172.30.0.0/16", "2001:db8:1:1::/80"], ipv6Mode: "nat")
    /// A gateway mode this tool does not know (a capital letter: the rules compare exactly).
    static let oddMode = Fixture.bridge("oddnet", ["2001:db8:10:7::/80"], ipv6Mode: "Routed")
    /// A second routed network, IPv6 only.
    static let routed6 = Fixture.bridge("routed6", ["2001:db8:10:8::/80"], ipv6Mode: "routed")
    /// Docker's default `bridge`: IPv4 only.
    static let bridge = Fixture.bridge("bridge", ["198.19.255.0/24"])
    /// A network with no IPv6 pool: a problem for whoever names it.
    static let v4net = Fixture.bridge("v4net", ["172.31.0.0/16"])
    /// A macvlan network: its containers sit on the host's own link, outside the bridge rules.
    static let macvlan: ObservedNetwork = {
        var network = Fixture.bridge("lan", ["2001:db8:10:9::/64"])
        network.driver = "macvlan"
        return network
    }()

    /// Every network above.
    static let networks = [
        natnet, routednet, intnet, nunet, isonet, isolated, explicitNat, oddMode, routed6, bridge, v4net, macvlan,
    ]

    /// `port` on `0.0.0.0`.
    static func v4(_ port: Int, _ transport: String = "tcp") -> PublishedPort { Fixture.port(port, transport, on: "0.0.0.0") }
    /// `port` on `::`.
    static func v6(_ port: Int, _ transport: String = "tcp") -> PublishedPort { Fixture.port(port, transport, on: "::") }

    /// The address `web` (suffix label `5`) has on `network`: its IPv6 prefix and `::5`.
    static func address(on network: ObservedNetwork) -> String {
        guard let subnet = network.ipamPools.first(where: { $0.subnet.contains(":") })?.subnet else {
            fatalError("fixture network \(network.name) has no IPv6 pool")
        }
        return String(subnet.prefix { $0 != "/" }) + "5"
    }

    /// The container `web`, labelled for `network` with suffix `5`: on it at its address with
    /// `priority` when `connected`, and on each of `others` (at `::5` of theirs when they have IPv6).
    static func web(
        _ network: String, connected: ObservedNetwork? = nil, priority: Int = 0,
        others: [IPv6GatewayChoice.Attachment] = [], ports: [PublishedPort] = []
    ) -> ObservedContainer {
        var endpoints: [ObservedEndpoint] = []
        if let connected {
            endpoints.append(ObservedEndpoint(networkID: connected.id, ipv6Address: address(on: connected), gatewayPriority: priority))
        }
        for other in others {
            let v6 = other.network.ipamPools.contains { $0.subnet.contains(":") }
            endpoints.append(ObservedEndpoint(
                networkID: other.network.id, ipv6Address: v6 ? address(on: other.network) : "", gatewayPriority: other.priority))
        }
        var container = Fixture.container("web", network: network, suffix: "5", endpoints: endpoints)
        container.publishedPorts = ports
        return container
    }

    /// An attachment to `network` with `priority`.
    static func on(_ network: ObservedNetwork, priority: Int = 0) -> IPv6GatewayChoice.Attachment {
        IPv6GatewayChoice.Attachment(network: network, priority: priority)
    }

    /// The observation of `containers` on every network above.
    static func observation(_ containers: [ObservedContainer]) -> Observation {
        Observation(containers: containers, networks: networks)
    }

    // MARK: - Verdicts

    /// One pair's situation and the verdict it must get.
    struct VerdictCase: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// What the engine says of itself.
        var engine = Fixture.firewallOn
        /// The network the label names.
        var network: ObservedNetwork
        /// A second network the label names (to be connected too), when the case needs one.
        var labelAlso: String? = nil
        /// Whether the container is on it already (in sync), else it is to be connected.
        var connected = false
        /// The `GwPriority` of its endpoint there, when connected.
        var priority = 0
        /// The container's other networks, with their endpoints' priorities.
        var others: [IPv6GatewayChoice.Attachment] = []
        /// The container's `Ports`, as listed.
        var ports: [PublishedPort] = []
        /// Its configured port bindings, when the run asked for them.
        var bindings: [PublishedPort]? = nil
        /// The expected `reachable`: true, false, nil for unknown.
        var reachable: Bool?
        /// The expected `ports`: the open ports, nil for all (or none known).
        var open: [String]? = nil
        /// Phrases the verdict's reason must hold.
        var phrases: [String]

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// The nat fix for natnet, with its real subnet and name.
    static let natnetFix =
        "docker network rm natnet && docker network create --ipv6 --subnet 2001:db8:10:1::/80 -o com.docker.network.bridge.gateway_mode_ipv6=routed natnet"

    /// Every branch of the rules, good and bad.
    static let verdictCases: [VerdictCase] = [
        // Internal networks, whatever the firewall.
        VerdictCase(
            note: "internal: not reachable", network: intnet, ports: [v6(80)], reachable: false,
            phrases: ["network \"intnet\" is internal", "fix: use a network created without --internal"]),
        VerdictCase(
            note: "internal with the firewall off: still not reachable", engine: Fixture.firewallOff, network: intnet,
            reachable: false, phrases: ["is internal: it has no gateway"]),
        VerdictCase(
            note: "internal and isolated: internal decides", network: isonet, reachable: false,
            phrases: ["network \"isonet\" is internal"]),
        VerdictCase(
            note: "internal, another network gives replies a route, firewall on: isolated all the same", network: intnet,
            others: [on(routednet)], reachable: false, phrases: ["is internal, and the engine's firewall is on", "isolates internal networks"]),
        VerdictCase(
            note: "internal, another network gives replies a route, nothing filters (Podman): all ports",
            engine: Fixture.nothingFilters(podman: "5.4.2"),
            network: intnet, others: [on(routednet)], reachable: true,
            phrases: ["is internal, but Podman 5.4.2 does not filter", "replies leave through \"routednet\""]),
        VerdictCase(
            note: "internal, another network, firewall unknown: unknown", engine: Fixture.firewallUnknown, network: intnet,
            others: [on(natnet)], reachable: nil, phrases: ["replies could leave through \"natnet\""]),
        VerdictCase(
            note: "Podman on a network created as for Docker 27 (nat): all ports, Podman ignores the mode",
            engine: Fixture.nothingFilters(podman: "4.3.1"),
            network: natnet, reachable: true, phrases: ["Podman 4.3.1 does not filter"]),
        // The firewall off or unknown.
        VerdictCase(
            note: "firewall off (Docker 20.10): all ports, the host's firewall decides", engine: Fixture.firewallOff,
            network: natnet, reachable: true, phrases: ["has no IPv6 firewall", "the host's own firewall decides"]),
        VerdictCase(
            note: "firewall off (28.5 without FirewallBackend): all ports even on a routed network",
            engine: Fixture.firewallOffByBackend, network: routednet, reachable: true,
            phrases: ["no FirewallBackend in GET /info"]),
        VerdictCase(
            note: "firewall unknown (Docker 27): unknown", engine: Fixture.firewallUnknown, network: natnet, reachable: nil,
            phrases: ["Docker 27 and 28.0 (API 1.47) do not say"]),
        VerdictCase(
            note: "firewall unknown on a routed network with ports: still unknown", engine: Fixture.firewallUnknown,
            network: routednet, ports: [v6(80)], reachable: nil, phrases: ["do not say"]),
        // Another driver: the bridge rules do not decide, with the firewall on or off.
        VerdictCase(
            note: "macvlan, firewall on: unknown, naming the driver", network: macvlan, ports: [v6(80)], reachable: nil,
            phrases: ["network \"lan\" uses the \"macvlan\" driver"]),
        VerdictCase(
            note: "macvlan, firewall off: unknown too", engine: Fixture.firewallOff, network: macvlan, reachable: nil,
            phrases: ["uses the \"macvlan\" driver"]),
        // Firewall on: nat.
        VerdictCase(
            note: "nat by default (option unset): not reachable, recreate routed with the network's own subnet",
            network: natnet, ports: [v4(80), v6(80)], reachable: false,
            phrases: ["network \"natnet\" masquerades IPv6", "is unset, which means nat", natnetFix, "xargs -rn1 docker network disconnect natnet", "docker run -p PORT (any free host port)"]),
        VerdictCase(
            note: "nat by default, already connected: the same", network: natnet, connected: true, reachable: false,
            phrases: [natnetFix]),
        VerdictCase(
            note: "nat set explicitly, IPv4 pool first: the IPv6 subnet goes in the fix", network: explicitNat,
            reachable: false,
            phrases: [
                "gateway_mode_ipv6 is nat)",
                "docker network rm nat4first && docker network create --ipv6 --subnet 2001:db8:1:1::/80 -o com.docker.network.bridge.gateway_mode_ipv6=routed nat4first",
            ]),
        VerdictCase(
            note: "nat on Docker 29 (always on)", engine: Fixture.docker29,
            network: natnet, reachable: false, phrases: ["the default of Docker 29 and later", natnetFix]),
        // Firewall on: nat-unprotected, isolated, unknown modes.
        VerdictCase(
            note: "nat-unprotected: all ports", network: nunet, reachable: true,
            phrases: ["network \"nunet\" is nat-unprotected", "lets inbound connections through to every port"]),
        VerdictCase(
            note: "isolated without --internal: not reachable", network: isolated, ports: [v6(80)], reachable: false,
            phrases: ["network \"iso6\" is isolated: it has no IPv6 gateway", "without gateway_mode_ipv6=isolated"]),
        VerdictCase(
            note: "a mode this tool does not know: unknown, quoted", network: oddMode, reachable: nil,
            phrases: ["network \"oddnet\" has gateway_mode_ipv6 \"Routed\", which this tool does not know"]),
        // Firewall on: routed.
        VerdictCase(
            note: "routed, published on ::: reachable on that port", network: routednet, ports: [v4(80), v6(80)],
            reachable: true, open: ["80/tcp"],
            phrases: ["network \"routednet\" is routed and the engine's firewall is on (FirewallBackend iptables)",
                "opens only the published ports"]),
        VerdictCase(
            note: "routed, several ports and transports, duplicates listed once, in listing order",
            network: routednet, ports: [v6(443), v4(80), v6(80), v6(53, "udp"), Fixture.port(80, on: "2001:db8::1")],
            reachable: true, open: ["443/tcp", "80/tcp", "53/udp"], phrases: ["is routed"]),
        VerdictCase(
            note: "routed, published on a specific IPv6 host address: reachable", network: routednet,
            ports: [Fixture.port(8443, on: "2001:db8:ffff::1")], reachable: true, open: ["8443/tcp"], phrases: ["is routed"]),
        VerdictCase(
            note: "routed, published on 0.0.0.0 only: not reachable, publish with -p PORT:PORT", network: routednet,
            ports: [v4(80), v4(82)], reachable: false,
            phrases: ["publishes no port on IPv6 (80/tcp, 82/tcp only on IPv4 host addresses)",
                "fix: publish the ports it serves: recreate the container with docker run -p PORT (any free host port) or -p HOSTPORT:PORT, not -p 0.0.0.0:HOSTPORT:PORT"]),
        VerdictCase(
            note: "routed, a specific IPv4 host address is IPv4 too", network: routednet,
            ports: [Fixture.port(80, on: "192.0.2.1")], reachable: false, phrases: ["(80/tcp only on IPv4 host addresses)"]),
        VerdictCase(
            note: "routed, nothing published: not reachable, no port list", network: routednet, connected: true,
            reachable: false, phrases: ["the container publishes no port on IPv6, and", "docker run -p PORT"]),
        VerdictCase(
            note: "routed, also on the IPv4-only bridge: routednet is still the gateway", network: routednet,
            others: [on(bridge)], ports: [v6(80)], reachable: true, open: ["80/tcp"], phrases: ["is routed"]),
        VerdictCase(
            note: "routed, also on an internal network: routednet is still the gateway", network: routednet,
            connected: true, others: [on(intnet)], ports: [v6(80)], reachable: true, open: ["80/tcp"], phrases: ["is routed"]),
        VerdictCase(
            note: "routed, to be connected, already on natnet: natnet is the gateway (sorts first)", network: routednet,
            others: [on(natnet)], ports: [v4(80), v6(80)], reachable: false,
            phrases: ["opened on network \"natnet\", the container's IPv6 gateway, not on \"routednet\"",
                "take the container off that network (docker network disconnect natnet web"]),
        VerdictCase(
            note: "routed and natnet both in the label: natnet is the gateway, and the fix is the label", network: routednet,
            labelAlso: "natnet", ports: [v4(80), v6(80)], reachable: false,
            phrases: ["opened on network \"natnet\"", "name only one of \"routednet\" and \"natnet\" in the container's network label"]),
        VerdictCase(
            note: "routed, connected, natnet too: natnet is the gateway", network: routednet, connected: true,
            others: [on(natnet)], ports: [v6(80)], reachable: false, phrases: ["docker network disconnect natnet web"]),
        VerdictCase(
            note: "routed, connected with a higher gateway priority than natnet: reachable", network: routednet,
            connected: true, priority: 1, others: [on(natnet)], ports: [v6(80)], reachable: true, open: ["80/tcp"],
            phrases: ["is routed"]),
        VerdictCase(
            note: "routed, natnet with a negative priority: routednet wins", network: routednet, connected: true,
            others: [on(natnet, priority: -1)], ports: [v6(80)], reachable: true, open: ["80/tcp"], phrases: ["is routed"]),
        VerdictCase(
            note: "routed, on nunet with a higher priority: nunet is the gateway", network: routednet, connected: true,
            others: [on(nunet, priority: 5)], ports: [v6(80)], reachable: false,
            phrases: ["opened on network \"nunet\"", "docker network disconnect nunet web"]),
        VerdictCase(
            note: "routed IPv6-only, also on dual-stack natnet: the dual-stack one is the gateway", network: routed6,
            connected: true, priority: 10, others: [on(natnet)], ports: [v6(80)], reachable: false,
            phrases: ["opened on network \"natnet\"", "not on \"routed6\""]),
        VerdictCase(
            note: "routed, no IPv6 port and another gateway: the missing port is said first", network: routednet,
            others: [on(natnet)], ports: [v4(80)], reachable: false, phrases: ["publishes no port on IPv6"]),
        // Configured bindings override the listing.
        VerdictCase(
            note: "routed, listed on 0.0.0.0, configured without a host address (-p 80:80): reachable",
            network: routednet, ports: [v4(80)], bindings: [Fixture.port(80, on: "")], reachable: true, open: ["80/tcp"],
            phrases: ["is routed"]),
        VerdictCase(
            note: "routed, configured on 0.0.0.0 (-p 0.0.0.0:80:80): not reachable", network: routednet, ports: [v4(80)],
            bindings: [v4(80)], reachable: false, phrases: ["(80/tcp only on IPv4 host addresses)"]),
        VerdictCase(
            note: "routed, the captured l-r3 (-p 8090:80 -p 0.0.0.0:8091:91): reachable on 80 only", network: routednet,
            others: [on(bridge)], ports: [v4(80), v4(91)], bindings: [Fixture.port(80, on: ""), v4(91)], reachable: true,
            open: ["80/tcp"], phrases: ["is routed"]),
        VerdictCase(
            note: "routed, configured bindings empty: they win over the listing", network: routednet, ports: [v6(80)],
            bindings: [], reachable: false, phrases: ["the container publishes no port on IPv6, and"]),
        VerdictCase(
            note: "bindings do not matter where the firewall is off", engine: Fixture.firewallOff, network: routednet,
            ports: [v4(80)], bindings: [v4(80)], reachable: true, phrases: ["the host's own firewall decides"]),
    ]

    /// Each situation gives the expected verdict, the same through `verdict(for:)` and `verdicts(for:)`.
    @Test(arguments: verdictCases)
    func verdict(_ testCase: VerdictCase) throws {
        let container = Self.web(
            testCase.network.name + (testCase.labelAlso.map { "," + $0 } ?? ""),
            connected: testCase.connected ? testCase.network : nil, priority: testCase.priority,
            others: testCase.others, ports: testCase.ports)
        let observation = Self.observation([container])
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        try #require(plan.entries.count == (testCase.labelAlso == nil ? 1 : 2))
        let entry = try #require(plan.entries.first { $0.network == testCase.network.name })
        #expect(entry.action == (testCase.connected ? .inSync : .connect))
        let rules = ExposureRules(
            observation: observation, plan: plan, engine: testCase.engine,
            portBindings: testCase.bindings.map { [container.id: $0] } ?? [:])
        let verdict = try #require(rules.verdict(for: entry))
        #expect(verdict.reachable == testCase.reachable)
        #expect(verdict.ports == testCase.open)
        for phrase in testCase.phrases {
            #expect(verdict.reason.contains(phrase), "\(verdict.reason)")
        }
        #expect(!verdict.reason.contains("\n"))
        #expect(rules.verdicts(for: plan)[PlanEntryKey(entry)] == verdict)
    }

    /// The nat verdict in full: the reason, then the fix with the network's real subnet and name.
    @Test func natVerdictInFull() throws {
        let observation = Self.observation([Self.web("natnet", ports: [Self.v4(80), Self.v6(80)])])
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        let entry = try #require(plan.entries.first)
        let verdict = ExposureRules(observation: observation, plan: plan, engine: Fixture.firewallOn).verdict(for: entry)
        #expect(verdict == .notReachable(
            reason: "network \"natnet\" masquerades IPv6 (com.docker.network.bridge.gateway_mode_ipv6 is unset, which means nat) and the engine's firewall is on (FirewallBackend iptables), which drops inbound connections to its containers' addresses",
            fix: "docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' natnet | xargs -rn1 docker network disconnect natnet && \(Self.natnetFix) (add any other options the network was created with; this tool then reconnects the labelled containers at the same addresses, and on Docker 28 only their published ports answer: docker run -p PORT (any free host port) or -p HOSTPORT:PORT, not -p 0.0.0.0:HOSTPORT:PORT)"))
    }

    /// A hostile network name is quoted in the reason, where it is text to read.
    @Test func reasonQuotesTheNetworkName() throws {
        let hostile = Fixture.bridge("in\u{1b}[2Jt", ["2001:db8:10:9::/80"], isInternal: true)
        let observation = Observation(containers: [Self.web(hostile.name)], networks: [hostile])
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        let entry = try #require(plan.entries.first)
        let verdict = try #require(ExposureRules(observation: observation, plan: plan, engine: Fixture.firewallOn).verdict(for: entry))
        #expect(verdict.reason.hasPrefix("network \"in\\u{1b}[2Jt\" is internal"))
        #expect(!verdict.reason.unicodeScalars.contains("\u{1b}"))
    }

    /// The fixes name networks bare, as shell commands: a network name with a newline (the engine
    /// takes one through its API) must not reach the reason raw, or the text report line it ends
    /// up on splits into a forged second line. Known issue: `routedCreateCommand` and the gateway
    /// fix interpolate the network's (and the gateway's) name unquoted.
    @Test(arguments: [nil, "routed"] as [String?])
    func fixCannotForgeALine(mode: String?) throws {
        // Dual-stack and sorting before routednet, so it is also routednet's IPv6 gateway: nat
        // puts the name in the recreate command, and either mode in routednet's disconnect fix.
        let hostile = Fixture.bridge(
            "a\nconnected    fake on v6net at ::1", ["2001:db8:10:9::/80", "10.9.0.0/24"], ipv6Mode: mode)
        let container = Self.web("routednet," + hostile.name, ports: [Self.v6(80)])
        let observation = Observation(containers: [container], networks: [hostile, Self.routednet])
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        try #require(plan.entries.count == 2)
        let verdicts = ExposureRules(observation: observation, plan: plan, engine: Fixture.firewallOn).verdicts(for: plan)
        try #require(verdicts.count == 2)
        let lines = TextReport.lines(for: RunOutcome(plan: plan, mode: .dryRun, fixDrift: false, exposures: verdicts))
        for verdict in verdicts.values {
            #expect(!verdict.reason.contains("\n"), "\(verdict.reason)")
        }
        #expect(lines.allSatisfy { !$0.contains("\n") })
    }

    // MARK: - No verdict

    /// Pairs that are problems get no verdict, whatever their network: there is no address to reach.
    @Test func problemsGetNoVerdict() throws {
        var badSuffix = Fixture.container("badsuffix", network: "routednet", suffix: "not hex")
        badSuffix.publishedPorts = [Self.v4(80)]
        let containers = [
            Fixture.container("missing", network: "nope"),  // no such network
            Fixture.container("v4", network: "v4net"),  // no IPv6 subnet
            badSuffix,  // resolved network, bad suffix label
            Fixture.container("held", network: "natnet", suffix: "5"),  // conflicts with web, which holds ::5
            Self.web("natnet", connected: Self.natnet),
        ]
        let observation = Self.observation(containers)
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        try #require(plan.entries.count == 5)
        let rules = ExposureRules(observation: observation, plan: plan, engine: Fixture.firewallOn)
        let problems = plan.entries.filter { if case .problem = $0.action { true } else { false } }
        #expect(problems.map(\.containerName) == ["badsuffix", "held", "missing", "v4"])
        for entry in problems {
            #expect(rules.verdict(for: entry) == nil, "\(entry.containerName)")
        }
        let web = try #require(plan.entries.first { $0.containerName == "web" })
        #expect(Array(rules.verdicts(for: plan).keys) == [PlanEntryKey(web)])
        #expect(rules.containersNeedingPortBindings(in: plan).isEmpty)
    }

    /// An entry the observation cannot back (its container or network unknown) gets no verdict.
    @Test func entriesOutsideTheObservationGetNoVerdict() {
        let observation = Self.observation([Self.web("natnet")])
        let rules = ExposureRules(observation: observation, plan: Plan(entries: []), engine: Fixture.firewallOn)
        let strangerContainer = Fixture.entry("stranger", network: "natnet", networkID: Self.natnet.id, action: .connect)
        let strangerNetwork = Fixture.entry("web", network: "gone", networkID: "nid-gone", action: .connect)
        let unresolved = Fixture.entry("web", network: "natnet", networkID: nil, action: .connect)
        #expect(rules.verdict(for: strangerContainer) == nil)
        #expect(rules.verdict(for: strangerNetwork) == nil)
        #expect(rules.verdict(for: unresolved) == nil)
        #expect(rules.verdict(for: Fixture.entry("web", network: "natnet", networkID: Self.natnet.id, action: .connect)) != nil)
    }

    // MARK: - Which containers need their port bindings

    /// One container and whether its configured bindings are needed.
    struct BindingsCase: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// What the engine says of itself.
        var engine = Fixture.firewallOn
        /// The network the label names.
        var network: ObservedNetwork
        /// Whether the container is on it already.
        var connected = false
        /// The container's `Ports`, as listed.
        var ports: [PublishedPort]
        /// Whether it must be asked for.
        var needed: Bool

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// When an IPv4-only listing cannot tell `-p 80:80` from `-p 0.0.0.0:80:80`, and when it can.
    static let bindingsCases: [BindingsCase] = [
        BindingsCase(note: "routed, IPv4-only listing, to be connected: needed", network: routednet, ports: [v4(80)], needed: true),
        BindingsCase(
            note: "routed, IPv4-only listing, connected: its IPv6 gateway is there, so the listing is complete", network: routednet,
            connected: true, ports: [v4(80), v4(91)], needed: false),
        BindingsCase(note: "routed, listed on :: too: not needed", network: routednet, ports: [v4(80), v6(80)], needed: false),
        BindingsCase(
            note: "routed, one port on :: is enough to know Docker binds IPv6", network: routednet,
            ports: [v4(80), v6(81), v4(82)], needed: false),
        BindingsCase(
            note: "routed, nothing listed, to be connected: needed (-p [::]:8088:80 lists nothing before the connect)",
            network: routednet, ports: [], needed: true),
        BindingsCase(
            note: "routed, nothing listed, connected: nothing published", network: routednet, connected: true, ports: [], needed: false),
        BindingsCase(note: "firewall off: none needed", engine: Fixture.firewallOff, network: routednet, ports: [v4(80)], needed: false),
        BindingsCase(
            note: "firewall unknown: none needed", engine: Fixture.firewallUnknown, network: routednet, ports: [v4(80)],
            needed: false),
        BindingsCase(note: "nat network: the ports do not decide", network: natnet, ports: [v4(80)], needed: false),
        BindingsCase(note: "nat-unprotected network: the ports do not decide", network: nunet, ports: [v4(80)], needed: false),
        BindingsCase(note: "internal network: the ports do not decide", network: intnet, ports: [v4(80)], needed: false),
    ]

    /// Each container is named, or not, as the case says.
    @Test(arguments: bindingsCases)
    func containersNeedingPortBindings(_ testCase: BindingsCase) {
        let container = Self.web(testCase.network.name, connected: testCase.connected ? testCase.network : nil, ports: testCase.ports)
        let observation = Self.observation([container])
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        let needed = ExposureRules(observation: observation, plan: plan, engine: testCase.engine).containersNeedingPortBindings(in: plan)
        #expect(needed == (testCase.needed ? [container.id] : []))
    }

    /// A container named on two routed networks is asked for once; others in plan order.
    @Test func eachContainerAskedForOnce() throws {
        let web = Self.web("routednet,routed6", ports: [Self.v4(80)])
        var api = Fixture.container("api", network: "routednet", suffix: "6")
        api.publishedPorts = [Self.v4(8080)]
        var db = Fixture.container("db", network: "routednet", suffix: "7")
        db.publishedPorts = [Self.v6(5432)]
        let observation = Self.observation([web, api, db])
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        try #require(plan.entries.count == 4)
        let rules = ExposureRules(observation: observation, plan: plan, engine: Fixture.firewallOn)
        #expect(rules.containersNeedingPortBindings(in: plan) == [api.id, web.id])
    }

    /// Bindings handed over for another container change nothing for this one.
    @Test func bindingsApplyOnlyToTheirContainer() throws {
        let observation = Self.observation([Self.web("routednet", ports: [Self.v4(80)])])
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        let entry = try #require(plan.entries.first)
        let rules = ExposureRules(
            observation: observation, plan: plan, engine: Fixture.firewallOn,
            portBindings: ["cid-other": [Fixture.port(80, on: "")]])
        #expect(rules.verdict(for: entry)?.reachable == false)
    }
}


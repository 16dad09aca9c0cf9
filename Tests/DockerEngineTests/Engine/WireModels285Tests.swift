@testable import DockerEngine
import EngineCaptures
import ReconcileCore
import Testing

/// What the exposure verdicts read from a real Docker 28.5 engine (see Tests/EngineCaptures/Captures/README.md): the
/// engine's facts, each network's `Internal` flag and gateway modes, the containers' published
/// ports and gateway priorities, a container's configured port bindings; then the verdicts those
/// captures give, end to end. Edited variants cover what that engine did not send.
@Suite struct WireModels285Tests {
    // IDs in the captures.
    static let bridgeID = "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738"
    static let natnetID = "daa72c4ce4949c758f07dd1f13ed1aaa46cae072bceb605bb16281b0c048aa94"
    static let routednetID = "9fc64702c8f5f79defccaa9bf755ba62cc1af5b7b2b79b1fc3440e6bcd9f8f5d"
    static let intnetID = "2040fedac3af54ab9bb76c61aa463775931d603fe4fb90ab9781455ef4b5764c"
    static let nunetID = "41a166aad9ea8e14dbdbb166e0ae50bad96e01442b4397a2f51a4f7faf93990f"
    static let isonetID = "0141f33db6b3f4b5e8292d04b4497adbcf7cfad206c01091edc884d2fa7976af"
    static let r3ID = "efdc16081bea610e5e2579b5d8a825598a0137950bb26259b6c1d6dc1bbb1170"

    /// The API version the captured engine's ping gave.
    static let api151 = APIVersion(major: 1, minor: 51)

    /// The captured container list, labels under `ipv6.mapper.` kept.
    static func containers() throws -> [ObservedContainer] {
        try WireModels.containers(Capture.bytes("docker-28.5/containers-json.json"), keepingLabelsUnder: ReconcilePolicy().labelNamespace)
    }

    /// The captured network list.
    static func networks() throws -> [ObservedNetwork] {
        try WireModels.networks(Capture.bytes("docker-28.5/networks.json"))
    }

    /// The container of the captures named `name`.
    static func container(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ObservedContainer {
        try #require(try containers().first { $0.name == name }, sourceLocation: sourceLocation)
    }

    /// `port` on `host`.
    static func port(_ number: Int, on host: String, _ transport: String = "tcp") -> PublishedPort {
        PublishedPort(containerPort: number, transport: transport, hostAddress: host)
    }

    // MARK: - GET /info

    /// The engine's facts: its version, not experimental, and the firewall backend that says its
    /// firewall is on; the bulky rest (Swarm, DriverStatus, Containerd, ...) skipped.
    @Test func readsEngineFacts() throws {
        let info = try WireModels.engineInfo(Capture.bytes("docker-28.5/info.json"))
        #expect(info == EngineInfo(serverVersion: "28.5.2+dfsg4", experimental: false, firewallBackend: "iptables"))
        let facts = EngineProduct.docker.facts(info: info, apiVersion: Self.api151)
        #expect(facts.ipv6Firewall == .on("the engine's firewall is on (FirewallBackend iptables)"))
    }

    /// The API version is the ping's, not the body's: the same body under 1.48 is Docker 28.0's
    /// "does not say".
    @Test func apiVersionComesFromThePing() throws {
        let info = try WireModels.engineInfo(Capture.bytes("docker-28.5/info.json"))
        #expect(info.firewallBackend == "iptables")
        let facts = EngineProduct.docker.facts(info: info, apiVersion: APIVersion(major: 1, minor: 48))
        guard case .unknown = facts.ipv6Firewall else {
            Issue.record("expected unknown, got \(facts.ipv6Firewall)")
            return
        }
    }

    // MARK: - GET /networks

    /// Every network's pools (IPv6 listed first by this engine), `Internal` and gateway modes;
    /// the bridge's other driver options skipped.
    @Test func readsNetworks() throws {
        let v4Default = IPAMPool(subnet: "198.19.255.0/24", gateway: "198.19.255.1")
        func pools(_ n: Int) -> [IPAMPool] {
            [IPAMPool(subnet: "2001:db8:10:\(n)::/80"), IPAMPool(subnet: "198.18.\(n - 1).0/24", gateway: "198.18.\(n - 1).1")]
        }
        #expect(try Self.networks() == [
            ObservedNetwork(id: "1c2c5a964421a184419b2d32a54c97f4ea844f379ab63153e60c6b02f59cdc7f", name: "none", ipamPools: [], driver: "null"),
            ObservedNetwork(id: "42ab5c7718698fea4a89b45d2c80e8dc188ef363406af0a6d69ab1f93ecf90f8", name: "host", ipamPools: [], driver: "host"),
            ObservedNetwork(id: Self.bridgeID, name: "bridge", ipamPools: [v4Default]),
            ObservedNetwork(id: Self.natnetID, name: "natnet", ipamPools: pools(1)),
            ObservedNetwork(id: Self.routednetID, name: "routednet", ipamPools: pools(2), ipv6GatewayMode: "routed"),
            ObservedNetwork(id: Self.intnetID, name: "intnet", ipamPools: pools(3), isInternal: true),
            ObservedNetwork(id: Self.nunetID, name: "nunet", ipamPools: pools(4), ipv6GatewayMode: "nat-unprotected"),
            ObservedNetwork(id: Self.isonetID, name: "isonet", ipamPools: pools(5), isInternal: true, ipv6GatewayMode: "isolated"),
        ])
    }

    /// Each network's flag and modes, one per line, so a failure names the network.
    @Test(arguments: [
        ("natnet", false, nil as String?),  // option unset: nil, taken as nat by the rules
        ("routednet", false, "routed"),  // routed
        ("intnet", true, nil),  // internal, no option
        ("nunet", false, "nat-unprotected"),  // nat-unprotected
        ("isonet", true, "isolated"),  // internal and isolated
        ("bridge", false, nil),  // the default bridge: six other options, none of ours
    ])
    func readsInternalAndGatewayMode(name: String, isInternal: Bool, ipv6Mode: String?) throws {
        let network = try #require(try Self.networks().first { $0.name == name })
        #expect(network.isInternal == isInternal)
        #expect(network.ipv6GatewayMode == ipv6Mode)
        #expect(network.ipv4GatewayMode == nil)
    }

    // MARK: - GET /containers/json

    /// Each container's published ports as listed: `::` entries without a `PublicPort` (routed
    /// gateway) are published on IPv6 all the same.
    @Test(arguments: [
        ("l-natnet", [port(80, on: "0.0.0.0"), port(80, on: "::")]),  // nat gateway: :: with a PublicPort
        ("l-routednet", [port(80, on: "0.0.0.0"), port(80, on: "::")]),  // routed gateway: :: without one
        ("l-nunet", [port(80, on: "0.0.0.0"), port(80, on: "::")]),  // nat-unprotected
        ("l-intnet", [port(80, on: "0.0.0.0")]),  // internal only: no IPv6 gateway, no :: binding
        ("l-r3", [port(80, on: "0.0.0.0"), port(91, on: "0.0.0.0")]),  // not on an IPv6 network yet
        ("l-routed2", []),  // nothing published: "Ports": []
        ("c3", [port(90, on: "0.0.0.0"), port(90, on: "::"), port(81, on: "0.0.0.0"), port(81, on: "::"),
            port(82, on: "0.0.0.0")]),  // -p 0.0.0.0:82:82 has no :: entry
    ])
    func readsPublishedPorts(name: String, ports: [PublishedPort]) throws {
        let container = try Self.container(name)
        #expect(container.publishedPorts == ports)
        #expect(container.publishedPorts.filter(\.isIPv6) == ports.filter { $0.hostAddress == "::" })
    }

    /// The endpoints, with the `GwPriority` the engine wrote (0 for all here) and the addresses.
    @Test func readsEndpointsAndGatewayPriority() throws {
        let routednet = try Self.container("l-routednet")
        #expect(routednet.id == "d81bbca2bb54d0c7139ad264d5e7c9b000edee616ad389fb683944284de07ddc")
        #expect(routednet.labels == ["ipv6.mapper.network": "routednet"])
        #expect(routednet.endpoints == [
            ObservedEndpoint(networkID: Self.bridgeID, ipv6Address: "", gatewayPriority: 0),
            ObservedEndpoint(networkID: Self.routednetID, ipv6Address: "2001:db8:10:2:0:8b:ce:7f", gatewayPriority: 0),
        ])
        let all = try Self.containers()
        #expect(all.map(\.name) == ["l-r3", "l-nunet", "l-intnet", "l-routednet", "l-natnet", "l-routed2", "c3"])
        #expect(all.allSatisfy { $0.endpoints.allSatisfy { $0.gatewayPriority == 0 } })
        #expect(try Self.container("l-r3").endpoints == [ObservedEndpoint(networkID: Self.bridgeID, ipv6Address: "")])
    }

    // MARK: - GET /containers/{id}/json

    /// l-r3's configured bindings: `-p 8090:80` without a host address, `-p 0.0.0.0:8091:91` with
    /// one; not `NetworkSettings.Ports`, which says `0.0.0.0` for both.
    @Test func readsPortBindings() throws {
        let bindings = try WireModels.portBindings(Capture.bytes("docker-28.5/containers-l-r3-json.json"))
        #expect(bindings == [Self.port(80, on: ""), Self.port(91, on: "0.0.0.0")])
        #expect(bindings.map(\.isIPv6) == [true, false])
    }

    // MARK: - End to end: the verdicts these captures give

    /// The observation of the captures: the labelled containers and every network.
    static func observation() throws -> Observation {
        let labelled = try containers().filter { $0.labels[ReconcilePolicy().networkLabel] != nil }
        return Observation(containers: labelled, networks: try networks())
    }

    /// The verdict on each labelled container's pair, by container name, under the captured engine.
    static func verdicts(portBindings: [String: [PublishedPort]] = [:]) throws -> [String: ExposureVerdict] {
        let observation = try observation()
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        let facts = EngineProduct.docker.facts(info: try WireModels.engineInfo(Capture.bytes("docker-28.5/info.json")), apiVersion: api151)
        let rules = ExposureRules(observation: observation, plan: plan, engine: facts, portBindings: portBindings)
        var result: [String: ExposureVerdict] = [:]
        for entry in plan.entries {
            result[entry.containerName] = rules.verdict(for: entry)
        }
        return result
    }

    /// Each labelled container's verdict, as the reachability tests saw it on this engine.
    @Test(arguments: [
        ("l-natnet", false as Bool?, nil as [String]?,
            "docker network rm natnet && docker network create --ipv6 --subnet 2001:db8:10:1::/80 -o com.docker.network.bridge.gateway_mode_ipv6=routed natnet"),  // nat: the fix names the real subnet
        ("l-routednet", true, ["80/tcp"], "is routed"),  // routed, :: without a PublicPort: open on 80
        ("l-routed2", false, nil, "docker run -p PORT (any free host port)"),  // routed, nothing published
        ("l-nunet", true, nil, "nat-unprotected"),  // every port
        ("l-intnet", false, nil, "is internal"),  // internal
        ("l-r3", false, nil, "(80/tcp, 91/tcp only on IPv4 host addresses)"),  // the listing alone cannot tell
    ])
    func capturedVerdict(name: String, reachable: Bool?, ports: [String]?, phrase: String) throws {
        let verdict = try #require(try Self.verdicts()[name])
        #expect(verdict.reachable == reachable)
        #expect(verdict.ports == ports)
        #expect(verdict.reason.contains(phrase), "\(verdict.reason)")
    }

    /// l-r3 is the one container whose bindings are asked for; with them, its `-p 8090:80` opens
    /// 80 and its `-p 0.0.0.0:8091:91` does not.
    @Test func capturedPortBindingsDecideL3() throws {
        let observation = try Self.observation()
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        let facts = EngineProduct.docker.facts(info: try WireModels.engineInfo(Capture.bytes("docker-28.5/info.json")), apiVersion: Self.api151)
        let rules = ExposureRules(observation: observation, plan: plan, engine: facts)
        #expect(rules.containersNeedingPortBindings(in: plan) == [Self.r3ID])
        let bindings = try WireModels.portBindings(Capture.bytes("docker-28.5/containers-l-r3-json.json"))
        let verdict = try Self.verdicts(portBindings: [Self.r3ID: bindings])["l-r3"]
        #expect(verdict?.reachable == true)
        #expect(verdict?.ports == ["80/tcp"])
    }

    // MARK: - Edited variants: what the API allows beyond what 28.5 sent

    /// One container summary with `ports` and `networks` spliced in as JSON text.
    static func container(ports: String, networks: String = "{}") -> String {
        #"[{"Id":"c1","Names":["/web"],"Ports":\#(ports),"NetworkSettings":{"Networks":\#(networks)}}]"#
    }

    /// `Ports` texts and what they read as.
    static let portVariants: [(json: String, ports: [PublishedPort])] = [
        (container(ports: "null"), []),  // Ports null
        (container(ports: #"[{"PrivatePort":80,"Type":"tcp"}]"#), []),  // exposed only: no IP, not published
        (container(ports: #"[{"IP":"","PrivatePort":80,"Type":"tcp"}]"#), []),  // empty IP: not published either
        (container(ports: #"[{"IP":null,"PrivatePort":80}]"#), []),  // IP null
        (container(ports: #"[{"IP":"::","Type":"tcp"}]"#), []),  // no PrivatePort
        (container(ports: #"[{"IP":"::","PrivatePort":null}]"#), []),  // PrivatePort null
        (container(ports: #"[{"IP":"::","PrivatePort":53}]"#), [port(53, on: "::")]),  // no Type: tcp
        (container(ports: #"[{"IP":"::","PrivatePort":53,"Type":null}]"#), [port(53, on: "::")]),  // Type null: tcp
        (container(ports: #"[{"IP":"::","PrivatePort":53,"Type":"udp","PublicPort":5353}]"#),
            [port(53, on: "::", "udp")]),  // udp
        (container(ports: #"[{"IP":"fe80::1%eth0","PrivatePort":8,"Type":"sctp","Future":[1]}]"#),
            [port(8, on: "fe80::1%eth0", "sctp")]),  // any address text is kept; unknown fields skipped
        (container(ports: #"[{"PrivatePort":80,"PublicPort":8080,"Type":"tcp"}]"#),
            [port(80, on: "")]),  // Podman 4.3 and 5.4: published on every address, no IP
        (container(ports: #"[{"PrivatePort":80,"PublicPort":0,"Type":"tcp"}]"#), []),  // PublicPort 0: not published
    ]

    /// Each variant reads as the expected ports.
    @Test(arguments: portVariants)
    func mapsPortVariant(json: String, ports: [PublishedPort]) throws {
        let containers = try WireModels.containers(Array(json.utf8), keepingLabelsUnder: nil)
        #expect(containers.map(\.publishedPorts) == [ports])
    }

    /// `GwPriority` texts and the priority they read as.
    @Test(arguments: [
        (#"{"a":{"NetworkID":"n1","GwPriority":10}}"#, 10),  // set with --gw-priority
        (#"{"a":{"NetworkID":"n1","GwPriority":-5}}"#, -5),  // negative: allowed by the API
        (#"{"a":{"NetworkID":"n1","GwPriority":null}}"#, 0),  // null: the default
        (#"{"a":{"NetworkID":"n1"}}"#, 0),  // absent (API before 1.48): the default
    ])
    func mapsGatewayPriority(networks: String, priority: Int) throws {
        let containers = try WireModels.containers(Array(Self.container(ports: "[]", networks: networks).utf8), keepingLabelsUnder: nil)
        #expect(containers.first?.endpoints.map(\.gatewayPriority) == [priority])
    }

    /// A `GwPriority` or `PrivatePort` that is not an integer fails the list, never a guess.
    @Test(arguments: [
        container(ports: "[]", networks: #"{"a":{"NetworkID":"n1","GwPriority":1.5}}"#),  // a fraction
        container(ports: "[]", networks: #"{"a":{"NetworkID":"n1","GwPriority":"1"}}"#),  // a string
        container(ports: #"[{"IP":"::","PrivatePort":"80"}]"#),  // a string port
        container(ports: #"[{"IP":"::","PrivatePort":8e1}]"#),  // an exponent
    ])
    func refusesNonIntegers(json: String) {
        #expect(throws: JSONReadError.self) { try WireModels.containers(Array(json.utf8), keepingLabelsUnder: nil) }
    }

    /// Network texts and the flag and modes they read as.
    @Test(arguments: [
        (#"[{"Id":"n1","Internal":null}]"#, false, nil as String?, nil as String?),  // Internal null: false
        (#"[{"Id":"n1"}]"#, false, nil, nil),  // no Internal, no Options
        (#"[{"Id":"n1","Options":null}]"#, false, nil, nil),  // Options null
        (#"[{"Id":"n1","Internal":true,"Options":{"com.docker.network.bridge.gateway_mode_ipv4":"isolated"}}]"#,
            true, nil, "isolated"),  // the IPv4 mode, alone
        (#"[{"Id":"n1","Options":{"com.docker.network.bridge.gateway_mode_ipv6":"routed","com.docker.network.bridge.gateway_mode_ipv4":"nat-unprotected"}}]"#,
            false, "routed", "nat-unprotected"),  // both
        (#"[{"Id":"n1","Options":{"com.docker.network.bridge.gateway_mode_ipv6":null}}]"#, false, nil, nil),  // null mode: unset
    ])
    func mapsNetworkOptions(json: String, isInternal: Bool, ipv6Mode: String?, ipv4Mode: String?) throws {
        let network = try #require(try WireModels.networks(Array(json.utf8)).first)
        #expect(network.isInternal == isInternal)
        #expect(network.ipv6GatewayMode == ipv6Mode)
        #expect(network.ipv4GatewayMode == ipv4Mode)
    }

    /// `Internal` that is not a boolean, or a mode that is not a string, fails the list.
    @Test(arguments: [
        #"[{"Id":"n1","Internal":"true"}]"#,  // a string
        #"[{"Id":"n1","Internal":1}]"#,  // a number
        #"[{"Id":"n1","Options":{"com.docker.network.bridge.gateway_mode_ipv6":1}}]"#,  // a mode that is a number
    ])
    func refusesBadNetworkFields(json: String) {
        #expect(throws: JSONReadError.self) { try WireModels.networks(Array(json.utf8)) }
    }

    /// `GET /info` texts and the facts they read as.
    @Test(arguments: [
        (#"{"ServerVersion":"29.0.0","FirewallBackend":{"Driver":"nftables","Info":[["ReloadedAt","x"]]}}"#,
            "29.0.0", false, "nftables" as String?),  // Docker 29's nftables backend, Info skipped
        (#"{"ServerVersion":"20.10.24+dfsg1","ExperimentalBuild":true}"#, "20.10.24+dfsg1", true, nil),  // no FirewallBackend
        (#"{"FirewallBackend":null,"ExperimentalBuild":null,"ServerVersion":null}"#, "", false, nil),  // nulls
        (#"{"FirewallBackend":{"Driver":null}}"#, "", false, ""),  // present without a driver: present
        ("{}", "", false, nil),  // nothing at all
    ])
    func mapsEngineFacts(json: String, serverVersion: String, experimental: Bool, backend: String?) throws {
        let info = try WireModels.engineInfo(Array(json.utf8))
        #expect(info == EngineInfo(serverVersion: serverVersion, experimental: experimental, firewallBackend: backend))
    }

    /// `GET /info` bodies that must not read.
    @Test(arguments: [
        #"{"ExperimentalBuild":"false"}"#,  // a string where a boolean goes
        #"{"FirewallBackend":"iptables"}"#,  // a string where an object goes
        #"{"ServerVersion":28}"#,  // a number where a string goes
        #"[]"#,  // not an object
    ])
    func refusesBadEngineFacts(json: String) {
        #expect(throws: JSONReadError.self) { try WireModels.engineInfo(Array(json.utf8)) }
    }

    /// `HostConfig.PortBindings` texts and the bindings they read as.
    @Test(arguments: [
        (#"{"HostConfig":{"PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]}}}"#, [port(80, on: "")]),  // -p 8080:80
        (#"{"HostConfig":{"PortBindings":{"80/tcp":[{"HostPort":"8080"}]}}}"#, [port(80, on: "")]),  // no HostIp: every address
        (#"{"HostConfig":{"PortBindings":{"53/udp":[{"HostIp":"::","HostPort":"53"},{"HostIp":"0.0.0.0"}]}}}"#,
            [port(53, on: "::", "udp"), port(53, on: "0.0.0.0", "udp")]),  // two bindings of one port
        (#"{"HostConfig":{"PortBindings":{"80":[{"HostIp":""}]}}}"#, [port(80, on: "")]),  // no transport: tcp
        (#"{"HostConfig":{"PortBindings":{"80/tcp":null}}}"#, []),  // null bindings
        (#"{"HostConfig":{"PortBindings":{"http/tcp":[{"HostIp":""}]}}}"#, []),  // not a port number: skipped
        (#"{"HostConfig":{"PortBindings":null}}"#, []),  // PortBindings null
        (#"{"HostConfig":null}"#, []),  // HostConfig null
        (#"{"NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}}}"#, []),  // the other Ports: not read
    ])
    func mapsPortBindings(json: String, bindings: [PublishedPort]) throws {
        #expect(try WireModels.portBindings(Array(json.utf8)) == bindings)
    }
}

import DockerEngine
import ReconcileCore
import Testing

/// What Docker's own facts say about its IPv6 firewall: off before Docker 27 (unknown if
/// experimental), unknown on 27 and 28.0, `FirewallBackend` decides on 28.1 to 28.5, on from 29.
@Suite struct IPv6FirewallRuleTests {
    /// `on`, `off` or `unknown`: the state's kind, so that tables can state it.
    static func kind(_ state: FirewallState) -> String {
        switch state {
        case .on: "on"
        case .off: "off"
        case .unknown: "unknown"
        }
    }

    /// The clause a state carries as its evidence.
    static func evidence(_ state: FirewallState) -> String {
        switch state {
        case .on(let why), .off(let why), .unknown(let why): why
        }
    }

    /// One engine and the firewall state its facts give.
    struct FirewallCase: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// The server's API version, `MAJOR.MINOR`.
        var api: String
        /// `ExperimentalBuild`.
        var experimental = false
        /// `FirewallBackend.Driver`, nil when absent.
        var backend: String? = nil
        /// The expected kind: `on`, `off` or `unknown`.
        var kind: String
        /// A phrase the evidence must hold.
        var phrase: String

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// API versions × experimental × firewall backend, around every boundary.
    static let cases: [FirewallCase] = [
        FirewallCase(note: "Docker 19.03 (1.40): no IPv6 firewall", api: "1.40", kind: "off", phrase: "API 1.40, before Docker 27"),
        FirewallCase(note: "Docker 20.10 (1.41): no IPv6 firewall", api: "1.41", kind: "off", phrase: "has no IPv6 firewall"),
        FirewallCase(note: "Docker 26.1 (1.45), the last before 27: off", api: "1.45", kind: "off", phrase: "API 1.45"),
        FirewallCase(
            note: "1.45 experimental: --ip6tables was allowed, and the API does not say", api: "1.45", experimental: true,
            kind: "unknown", phrase: "experimental engine before Docker 27"),
        FirewallCase(
            note: "1.41 experimental: unknown as well", api: "1.41", experimental: true, kind: "unknown",
            phrase: "its API does not say"),
        FirewallCase(
            note: "a backend before 1.49 means nothing: still off", api: "1.45", backend: "iptables", kind: "off",
            phrase: "before Docker 27"),
        FirewallCase(note: "an old minor (1.9) sorts below 1.45, not above", api: "1.9", kind: "off", phrase: "API 1.9"),
        FirewallCase(note: "Docker 27.0 (1.46), the first with --ip6tables on by default", api: "1.46", kind: "unknown",
            phrase: "API 1.46"),
        FirewallCase(note: "1.46 experimental: unknown all the same", api: "1.46", experimental: true, kind: "unknown",
            phrase: "do not say"),
        FirewallCase(note: "Docker 28.0 (1.48), the last without FirewallBackend", api: "1.48", kind: "unknown",
            phrase: "Docker 27 and 28.0"),
        FirewallCase(
            note: "1.48 with a backend: the field is not trusted before 1.49", api: "1.48", backend: "iptables",
            kind: "unknown", phrase: "API 1.48"),
        FirewallCase(note: "Docker 28.1 (1.49) without FirewallBackend: off", api: "1.49", kind: "off",
            phrase: "no FirewallBackend in GET /info"),
        FirewallCase(note: "Docker 28.1 (1.49) with FirewallBackend: on", api: "1.49", backend: "iptables", kind: "on",
            phrase: "FirewallBackend iptables"),
        FirewallCase(note: "Docker 28.5 (1.51) with iptables, as captured: on", api: "1.51", backend: "iptables",
            kind: "on", phrase: "the engine's firewall is on (FirewallBackend iptables)"),
        FirewallCase(note: "1.51 with nftables: on, named", api: "1.51", backend: "nftables", kind: "on",
            phrase: "FirewallBackend nftables"),
        FirewallCase(
            note: "1.51 with a FirewallBackend whose Driver is empty: present is enough", api: "1.51", backend: "",
            kind: "on", phrase: "firewall is on"),
        FirewallCase(note: "1.51 without FirewallBackend: off", api: "1.51", kind: "off", phrase: "firewall is off"),
        FirewallCase(
            note: "1.51 experimental without FirewallBackend: experimental changes nothing", api: "1.51",
            experimental: true, kind: "off", phrase: "no FirewallBackend"),
        FirewallCase(note: "Docker 29.0 (1.52) with a backend: on", api: "1.52", backend: "nftables", kind: "on",
            phrase: "FirewallBackend nftables, the default of Docker 29"),
        FirewallCase(note: "1.52 without a backend: on, the default", api: "1.52", kind: "on",
            phrase: "FirewallBackend unnamed"),
        FirewallCase(note: "a later 1.x (1.53): on", api: "1.53", kind: "on", phrase: "Docker 29 and later"),
        FirewallCase(note: "a future major (2.0) sorts above 1.52: on", api: "2.0", kind: "on", phrase: "Docker 29 and later"),
    ]

    /// Each engine gives the expected state, with evidence that says why.
    @Test(arguments: cases)
    func firewallState(_ testCase: FirewallCase) throws {
        let api = try #require(APIVersion(parsing: testCase.api))
        let state = IPv6FirewallRule.docker(
            apiVersion: api, info: EngineInfo(experimental: testCase.experimental, firewallBackend: testCase.backend))
        #expect(Self.kind(state) == testCase.kind)
        #expect(Self.evidence(state).contains(testCase.phrase), "\(state)")
        #expect(state.description == testCase.kind + ": " + Self.evidence(state))
        #expect(!state.description.contains("\n"))
    }

    /// The boundaries are the API versions of Docker 27.0, 28.1 and 29.0.
    @Test func boundariesAreDockerReleases() {
        #expect(IPv6FirewallRule.firstIP6TablesDefault == APIVersion(major: 1, minor: 46))
        #expect(IPv6FirewallRule.firstFirewallBackend == APIVersion(major: 1, minor: 49))
        #expect(IPv6FirewallRule.firstAlwaysReportedBackend == APIVersion(major: 1, minor: 52))
        #expect(EngineProduct.firstWideSubnetAPI == APIVersion(major: 1, minor: 48))
    }

    /// The server version is for messages only: it decides nothing but the product's name.
    @Test(arguments: ["", "28.5.2+dfsg4", "20.10.24"])
    func serverVersionDecidesNothing(serverVersion: String) {
        let api = APIVersion(major: 1, minor: 51)
        let facts = EngineProduct.docker.facts(info: EngineInfo(serverVersion: serverVersion, firewallBackend: "iptables"), apiVersion: api)
        #expect(facts.ipv6Firewall == IPv6FirewallRule.docker(apiVersion: api, info: EngineInfo(firewallBackend: "iptables")))
        #expect(facts.product == "Docker \(serverVersion)")
    }
}

/// The engine-neutral facts the dialect hands the core, for the engines the tests run on (the
/// core's fixtures use these very values).
@Suite struct EngineProductTests {
    @Test(arguments: [
        // Debian 12's Docker 20.10: no firewall, and only the low 64 bits of an address on a wide subnet.
        (EngineProduct.docker, EngineInfo(serverVersion: "20.10.24+dfsg1"), APIVersion(major: 1, minor: 41),
         EngineFacts(product: "Docker 20.10.24+dfsg1", apiVersion: APIVersion(major: 1, minor: 41),
                     ipv6Firewall: .off("the engine (API 1.41, before Docker 27) has no IPv6 firewall"), keepsOnlyLow64Bits: true)),
        // Docker 28.5 with its firewall on: addresses kept whole from 28.0 (API 1.48).
        (.docker, EngineInfo(serverVersion: "28.5.2+dfsg4", firewallBackend: "iptables"), APIVersion(major: 1, minor: 51),
         EngineFacts(product: "Docker 28.5.2+dfsg4", apiVersion: APIVersion(major: 1, minor: 51),
                     ipv6Firewall: .on("the engine's firewall is on (FirewallBackend iptables)"))),
        // Docker 27.5: the firewall unknown, still before 28.0.
        (.docker, EngineInfo(serverVersion: "27.5.1"), APIVersion(major: 1, minor: 47),
         EngineFacts(product: "Docker 27.5.1", apiVersion: APIVersion(major: 1, minor: 47),
                     ipv6Firewall: .unknown("Docker 27 and 28.0 (API 1.47) do not say whether their IPv6 firewall is on (it is by default)"),
                     keepsOnlyLow64Bits: true)),
        // Podman says API 1.41 and ExperimentalBuild true, which alone would read as an experimental Docker 20.10.
        (.podman(version: "5.4.2"), EngineInfo(serverVersion: "5.4.2", experimental: true), APIVersion(major: 1, minor: 41),
         EngineFacts(product: "Podman 5.4.2", apiVersion: APIVersion(major: 1, minor: 41),
                     ipv6Firewall: .off("Podman 5.4.2 does not filter inbound IPv6 to its containers"))),
    ])
    func facts(product: EngineProduct, info: EngineInfo, api: APIVersion, expected: EngineFacts) {
        #expect(product.facts(info: info, apiVersion: api) == expected)
    }

    /// The ping's `Libpod-Api-Version` header makes it Podman.
    @Test func productFromThePing() {
        #expect(EngineProduct(libpodAPIVersion: nil) == .docker)
        #expect(EngineProduct(libpodAPIVersion: "4.3.1") == .podman(version: "4.3.1"))
        #expect(EngineProduct.podman(version: "4.3.1").description == "Podman 4.3.1")
        #expect(EngineProduct.docker.defaultNetworkName == "bridge")
        #expect(EngineProduct.podman(version: "5.4.2").defaultNetworkName == "podman")
    }

}

/// Podman, recognised by the ping's `Libpod-Api-Version`: it says API 1.41 and ExperimentalBuild
/// true (which alone would read as an experimental Docker 20.10, unknown), and filters nothing.
@Suite struct PodmanFactsTests {
    @Test(arguments: [
        ("4.3.1", "1.41"),  // Debian 12's Podman, as captured
        ("5.4.2", "1.41"),  // Debian 13's Podman, as captured
        ("5.8.0", "1.44"),  // Podman 5.8 speaks API 1.44
    ])
    func podmanIsOff(version: String, api: String) throws {
        let facts = EngineProduct.podman(version: version).facts(
            info: EngineInfo(serverVersion: version, experimental: true), apiVersion: try #require(APIVersion(parsing: api)))
        #expect(facts.ipv6Firewall == .off("Podman \(version) does not filter inbound IPv6 to its containers"))
    }

    /// The same facts without the header are an experimental Docker 20.10: unknown.
    @Test func withoutTheHeaderItIsDocker() {
        let facts = EngineProduct.docker.facts(info: EngineInfo(experimental: true), apiVersion: APIVersion(major: 1, minor: 41))
        guard case .unknown = facts.ipv6Firewall else {
            Issue.record("expected unknown, got \(facts.ipv6Firewall)")
            return
        }
    }
}

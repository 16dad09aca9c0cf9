import ReconcileCore
import Testing

/// Which of a container's networks Docker 28 makes its IPv6 gateway: priority first, Swarm's
/// `docker_gwbridge` last, internal and isolated networks never, a dual-stack network before an
/// IPv6-only one, then by name.
@Suite struct IPv6GatewayChoiceTests {
    /// A dual-stack bridge network (an IPv4 and an IPv6 pool).
    static func dual(_ name: String, isInternal: Bool = false, ipv6Mode: String? = nil, ipv4Mode: String? = nil)
        -> ObservedNetwork
    {
        Fixture.bridge(name, ["172.20.0.0/16", "2001:db8:1::/64"], isInternal: isInternal, ipv6Mode: ipv6Mode, ipv4Mode: ipv4Mode)
    }

    /// A network with only an IPv4 pool, like Docker's default `bridge`.
    static func v4only(_ name: String) -> ObservedNetwork { Fixture.bridge(name, ["198.19.255.0/24"]) }

    /// A network with only an IPv6 pool.
    static func v6only(_ name: String, ipv6Mode: String? = nil) -> ObservedNetwork {
        Fixture.bridge(name, ["2001:db8:6::/64"], ipv6Mode: ipv6Mode)
    }

    /// An attachment to `network` with `priority`.
    static func on(_ network: ObservedNetwork, priority: Int = 0) -> IPv6GatewayChoice.Attachment {
        IPv6GatewayChoice.Attachment(network: network, priority: priority)
    }

    /// One set of attachments and the network that must be the IPv6 gateway.
    struct ChoiceCase: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// The container's attachments, in the order given to the choice.
        var attachments: [IPv6GatewayChoice.Attachment]
        /// The name of the gateway network, nil for none.
        var gateway: String?

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// The rules, each against the rule after it.
    static let cases: [ChoiceCase] = [
        ChoiceCase(note: "a single dual-stack network", attachments: [on(dual("v6net"))], gateway: "v6net"),
        ChoiceCase(
            note: "IPv4-only bridge and a dual-stack network: the dual-stack one, though bridge sorts first",
            attachments: [on(v4only("bridge")), on(dual("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "two dual-stack networks: the name that sorts first, whatever the order given",
            attachments: [on(dual("beta")), on(dual("alpha"))], gateway: "alpha"),
        ChoiceCase(
            note: "names compare by code point: upper case before lower case",
            attachments: [on(dual("alpha")), on(dual("Zeta"))], gateway: "Zeta"),
        ChoiceCase(
            note: "a higher priority beats the name",
            attachments: [on(dual("alpha")), on(dual("beta"), priority: 10)], gateway: "beta"),
        ChoiceCase(
            note: "a negative priority sorts after the default 0",
            attachments: [on(dual("alpha"), priority: -1), on(dual("beta"))], gateway: "beta"),
        ChoiceCase(
            note: "an internal network loses to one that is not, though its name sorts first",
            attachments: [on(dual("aaa", isInternal: true)), on(dual("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "an internal network has no gateway even with the higher priority",
            attachments: [on(dual("aaa", isInternal: true), priority: 100), on(dual("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "an IPv6-isolated network gives no IPv6 gateway",
            attachments: [on(dual("aaa", ipv6Mode: "isolated")), on(dual("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "an IPv6-isolated network against an IPv6-only one: the IPv6-only one",
            attachments: [on(dual("aaa", ipv6Mode: "isolated")), on(v6only("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "IPv4-isolated: single-stack now, so a dual-stack network wins",
            attachments: [on(dual("aaa", ipv4Mode: "isolated")), on(dual("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "IPv4-isolated still gives its IPv6 gateway",
            attachments: [on(v4only("bridge")), on(dual("aaa", ipv4Mode: "isolated"))], gateway: "aaa"),
        ChoiceCase(
            note: "other gateway modes (routed, nat-unprotected) do give a gateway",
            attachments: [on(dual("routed", ipv6Mode: "routed")), on(dual("zzz", ipv6Mode: "nat-unprotected"))],
            gateway: "routed"),
        ChoiceCase(
            note: "IPv6-only against dual-stack: the dual-stack one, though the IPv6-only name sorts first",
            attachments: [on(v6only("aaa")), on(dual("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "IPv6-only with a higher priority still loses to dual-stack (Docker takes the first dual-stack one)",
            attachments: [on(v6only("aaa"), priority: 5), on(dual("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "IPv6-only networks alone: the first by name",
            attachments: [on(v6only("m2")), on(v4only("a")), on(v6only("m1"))], gateway: "m1"),
        ChoiceCase(note: "no attachments: none", attachments: [], gateway: nil),
        ChoiceCase(note: "IPv4 only: no IPv6 gateway", attachments: [on(v4only("bridge"))], gateway: nil),
        ChoiceCase(
            note: "internal and isolated only: no IPv6 gateway",
            attachments: [on(dual("int", isInternal: true)), on(v6only("iso", ipv6Mode: "isolated")), on(v4only("bridge"))],
            gateway: nil),
        ChoiceCase(
            note: "docker_gwbridge sorts after every other network, though its name sorts first",
            attachments: [on(dual("docker_gwbridge")), on(dual("zzz"))], gateway: "zzz"),
        ChoiceCase(
            note: "docker_gwbridge alone is still a gateway",
            attachments: [on(v4only("bridge")), on(dual("docker_gwbridge"))], gateway: "docker_gwbridge"),
        ChoiceCase(
            note: "priority comes before the docker_gwbridge rule",
            attachments: [on(dual("docker_gwbridge"), priority: 1), on(dual("zzz"))], gateway: "docker_gwbridge"),
    ]

    /// Each set of attachments gives the expected gateway, and the same one in any order.
    @Test(arguments: cases)
    func choosesGateway(_ testCase: ChoiceCase) {
        #expect(IPv6GatewayChoice.gateway(among: testCase.attachments)?.name == testCase.gateway)
        #expect(IPv6GatewayChoice.gateway(among: testCase.attachments.reversed())?.name == testCase.gateway)
    }

    /// The chosen network is the attached one itself, ID and all, not a look-alike by name.
    @Test func returnsTheAttachedNetwork() {
        let chosen = Self.dual("v6net", ipv6Mode: "routed")
        #expect(IPv6GatewayChoice.gateway(among: [Self.on(Self.v4only("bridge")), Self.on(chosen)]) == chosen)
    }
}

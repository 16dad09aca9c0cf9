import ReconcileCore
import Testing

/// The planner's problems: every label, suffix, network and address problem a lone container
/// can have, and what an entry with a problem still reports.
@Suite struct PlanProblemTests: PlanFixtures {
    /// One planner case that must end in a problem.
    struct ProblemCase: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// The single container of the observation.
        var container: ObservedContainer
        /// The networks of the observation.
        var networks: [ObservedNetwork] = Fixture.networks
        /// The policy to plan under.
        var policy = ReconcilePolicy()
        /// The problem the single entry must carry.
        var problem: Problem
        /// The entry's `network`: the resolved name, or the reference (or label) as written.
        var network: String
        /// The entry's `networkID`: set once the network is resolved.
        var networkID: String?

        /// The note, as the test's name for the case.
        var testDescription: String { note }
    }

    /// The mon_container with `network` and optional `suffix` labels.
    static func mon(_ network: String?, suffix: String? = nil, endpoints: [ObservedEndpoint] = []) -> ObservedContainer {
        Fixture.container("mon_container", network: network, suffix: suffix, endpoints: endpoints)
    }

    /// Every problem the planner produces for a lone container, one or more cases each.
    static let problems: [ProblemCase] = [
        ProblemCase(
            note: "empty network label", container: mon(""),
            problem: .emptyNetworkLabel(label: ""), network: ""),
        ProblemCase(
            note: "blank network label", container: mon("  "),
            problem: .emptyNetworkLabel(label: "  "), network: "  "),
        ProblemCase(
            note: "network label missing (only other labels)", container: mon(nil),
            problem: .emptyNetworkLabel(label: ""), network: ""),
        ProblemCase(
            note: "empty entry between commas: the whole label is refused", container: mon("v6net,,other"),
            problem: .emptyNetworkLabel(label: "v6net,,other"), network: "v6net,,other"),
        ProblemCase(
            note: "trailing comma", container: mon("v6net,"),
            problem: .emptyNetworkLabel(label: "v6net,"), network: "v6net,"),
        ProblemCase(
            note: "bad suffix: not hex", container: mon("v6net", suffix: "zz"),
            problem: .badSuffix(.notHex("zz")), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "bad suffix: zero", container: mon("v6net", suffix: "0:0"),
            problem: .badSuffix(.zero), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "bad suffix: empty", container: mon("v6net", suffix: ""),
            problem: .badSuffix(.empty), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "bad suffix: a full address", container: mon("v6net", suffix: "2001:db8::1"),
            problem: .badSuffix(.misplacedDoubleColon("2001:db8::1")), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "bad suffix on a network that does not exist: the suffix is the problem reported", container: mon("nope", suffix: "xyz"),
            problem: .badSuffix(.notHex("xyz")), network: "nope"),
        ProblemCase(
            note: "network not found", container: mon("nope"),
            problem: .networkNotFound(reference: "nope"), network: "nope"),
        ProblemCase(
            note: "network names are case-sensitive", container: mon("V6NET"),
            problem: .networkNotFound(reference: "V6NET"), network: "V6NET"),
        ProblemCase(
            note: "a reference longer than any ID is not a prefix", container: mon(Fixture.v6net.id + "0"),
            problem: .networkNotFound(reference: Fixture.v6net.id + "0"), network: Fixture.v6net.id + "0"),
        ProblemCase(
            note: "ambiguous by name: candidates are short IDs, sorted", container: mon("dup"),
            networks: [net("2001:db8:d2::/64", name: "dup", id: Fixture.id("d2")),
                net("2001:db8:d1::/64", name: "dup", id: Fixture.id("d1"))],
            problem: .networkAmbiguous(reference: "dup", candidates: ["d10000000000", "d20000000000"]), network: "dup"),
        ProblemCase(
            note: "ambiguous by ID prefix: candidates are names, sorted", container: mon("bb"),
            networks: [net("2001:db8:b1::/64", name: "zeta", id: Fixture.id("bb1")),
                net("2001:db8:b2::/64", name: "alpha", id: Fixture.id("bb2")), Fixture.v6net],
            problem: .networkAmbiguous(reference: "bb", candidates: ["alpha", "zeta"]), network: "bb"),
        ProblemCase(
            note: "not allowed, named by name", container: mon("v6net"),
            policy: ReconcilePolicy(allowedNetworks: ["other"]),
            problem: .networkNotAllowed(network: "v6net"), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "not allowed, named by full ID", container: mon(Fixture.v6net.id),
            policy: ReconcilePolicy(allowedNetworks: ["other", Fixture.other.id]),
            problem: .networkNotAllowed(network: "v6net"), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "not allowed, named by ID prefix", container: mon("a1"),
            policy: ReconcilePolicy(allowedNetworks: ["other"]),
            problem: .networkNotAllowed(network: "v6net"), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "an ID prefix in the allow-list does not allow the network", container: mon("v6net"),
            policy: ReconcilePolicy(allowedNetworks: ["a1"]),
            problem: .networkNotAllowed(network: "v6net"), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "no IPv6 subnet: IPv4 pool only", container: mon("v4only"),
            problem: .noIPv6Subnet(network: "v4only"), network: "v4only", networkID: Fixture.v4only.id),
        ProblemCase(
            note: "no IPv6 subnet: no pools at all", container: mon("net"),
            networks: [ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: [])],
            problem: .noIPv6Subnet(network: "net"), network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "no IPv6 subnet: an empty subnet text is skipped like IPv4", container: mon("net"),
            networks: [net("")],
            problem: .noIPv6Subnet(network: "net"), network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "several IPv6 subnets, listed canonically in IPAM order", container: mon("net"),
            networks: [ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: [
                IPAMPool(subnet: "2001:DB8:1:1::/80"), IPAMPool(subnet: "10.0.0.0/8"), IPAMPool(subnet: "2001:db8:2::/64"),
            ])],
            problem: .severalIPv6Subnets(network: "net", subnets: ["2001:db8:1:1::/80", "2001:db8:2::/64"]),
            network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "unparsable subnet", container: mon("net"), networks: [net("2001:db8:::/80")],
            problem: .unparsableSubnet(network: "net", text: "2001:db8:::/80"), network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "unparsable subnet: zone identifier", container: mon("net"), networks: [net("fe80::%eth0/64")],
            problem: .unparsableSubnet(network: "net", text: "fe80::%eth0/64"), network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "unparsable subnet: length out of range", container: mon("net"), networks: [net("2001:db8::/129")],
            problem: .unparsableSubnet(network: "net", text: "2001:db8::/129"), network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "unparsable subnet after a valid one: not mistaken for 'several'", container: mon("net"),
            networks: [ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: [
                IPAMPool(subnet: "2001:db8:1:1::/80"), IPAMPool(subnet: "2001:db8:2::/640"),
            ])],
            problem: .unparsableSubnet(network: "net", text: "2001:db8:2::/640"), network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "unparsable gateway", container: mon("net"), networks: [net("2001:db8:1:1::/80", gateway: "not:an:address")],
            problem: .unparsableSubnet(network: "net", text: "gateway not:an:address"), network: "net",
            networkID: Fixture.id("e1")),
        ProblemCase(
            note: "unparsable gateway: IPv4 gateway on an IPv6 pool", container: mon("net"),
            networks: [net("2001:db8:1:1::/80", gateway: "172.20.0.1")],
            problem: .unparsableSubnet(network: "net", text: "gateway 172.20.0.1"), network: "net",
            networkID: Fixture.id("e1")),
        ProblemCase(
            note: "derived suffix too wide for a /120", container: mon("net"), networks: [net("2001:db8:9::/120")],
            problem: .suffixTooWide(suffix: .derived(fromContainerName: "mon_container"),
                subnet: Fixture.subnet("2001:db8:9::/120")),
            network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "explicit suffix one bit too wide for a /80", container: mon("v6net", suffix: "1:0:0:0"),
            problem: .suffixTooWide(suffix: HostSuffix(value: Fixture.address("::1:0:0:0")),
                subnet: Fixture.subnet("2001:db8:1:1::/80")),
            network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "any suffix is too wide for a /128", container: mon("net", suffix: "1"), networks: [net("2001:db8::5/128")],
            problem: .suffixTooWide(suffix: HostSuffix(value: Fixture.address("::1")),
                subnet: Fixture.subnet("2001:db8::5/128")),
            network: "net", networkID: Fixture.id("e1")),
        ProblemCase(
            note: "derived address is the subnet address (MD5 of c7533237 starts 00 00 00)",
            container: Fixture.container("c7533237", network: "v6net"),
            problem: .addressIsSubnetAddress(Fixture.address("2001:db8:1:1::")), network: "v6net",
            networkID: Fixture.v6net.id),
        ProblemCase(
            note: "explicit suffix hits the implied gateway (first address)", container: mon("v6net", suffix: "1"),
            problem: .addressIsGateway(Fixture.address("2001:db8:1:1::1")), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "derived suffix hits the implied gateway (MD5 of c13074198 starts 00 00 01)",
            container: Fixture.container("c13074198", network: "v6net"),
            problem: .addressIsGateway(Fixture.address("2001:db8:1:1::1")), network: "v6net", networkID: Fixture.v6net.id),
        ProblemCase(
            note: "explicit suffix hits the explicit gateway", container: mon("other", suffix: "fffe"),
            problem: .addressIsGateway(Fixture.address("2001:db8:2::fffe")), network: "other", networkID: Fixture.other.id),
        ProblemCase(
            note: "derived address is the explicit gateway", container: mon("net"),
            networks: [net("2001:db8:1:1::/80", gateway: "2001:db8:1:1:0:3D:7A:30")],
            problem: .addressIsGateway(Fixture.address("2001:db8:1:1:0:3d:7a:30")), network: "net",
            networkID: Fixture.id("e1")),
    ]

    /// Each problem case yields one entry with that problem, no desired address, and the network
    /// as far as it was resolved.
    @Test(arguments: problems)
    func reportsProblem(_ testCase: ProblemCase) throws {
        let entry = try onlyEntry(Fixture.plan([testCase.container], networks: testCase.networks, policy: testCase.policy))
        #expect(entry.action == .problem(testCase.problem))
        #expect(entry.network == testCase.network)
        #expect(entry.networkID == testCase.networkID)
        #expect(entry.desired == nil)
        #expect(entry.current == nil)  // no case has an endpoint
        #expect(entry.connected == false)
        #expect(entry.containerName == testCase.container.name)
        #expect(Fixture.plan([testCase.container], networks: testCase.networks, policy: testCase.policy)
            .writes(fixDrift: true).isEmpty)
    }

    /// A problem on a resolved network still reports whether the container is connected there and
    /// at which address, as ``PlanEntry/connected`` and ``PlanEntry/current`` document.
    @Test func problemOnResolvedNetworkKeepsConnectionState() throws {
        let container = Fixture.container(
            "mon_container", network: "v6net,v4only",
            endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::99"), Fixture.endpoint(Fixture.v4only, "")])
        let plan = Fixture.plan([container], policy: ReconcilePolicy(allowedNetworks: ["v4only"]))
        try #require(plan.entries.count == 2)
        let v4only = plan.entries[0]
        let v6net = plan.entries[1]
        #expect(v4only.action == .problem(.noIPv6Subnet(network: "v4only")))
        #expect(v4only.connected)
        #expect(v4only.current == nil)
        #expect(v6net.action == .problem(.networkNotAllowed(network: "v6net")))
        #expect(v6net.connected)
        #expect(v6net.current == Fixture.address("2001:db8:1:1::99"))
    }

    /// A bad suffix is one problem per referenced network, none of them written; networks that
    /// resolve are still named by name and ID in the report.
    @Test func badSuffixIsReportedForEveryNetwork() {
        let plan = Fixture.plan([Fixture.container("mon_container", network: "v6net, other, nope", suffix: "::")])
        #expect(plan.entries.map(\.network) == ["nope", "other", "v6net"])
        #expect(plan.entries.allSatisfy { $0.action == .problem(.badSuffix(.zero)) })
        #expect(plan.entries.map(\.networkID) == [nil, Fixture.other.id, Fixture.v6net.id])
    }
}

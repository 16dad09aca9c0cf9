import ReconcileCore
import Testing

/// The planner: every verdict it can reach for a (container, network) pair, network resolution,
/// prefix discovery, conflicts, and the writes a plan implies.
@Suite struct PlanTests {
    /// mon_container's address on ``Fixture/v6net`` (`2001:db8:1:1::/80`), as the Python tool gave it.
    static let monOnV6net = "2001:db8:1:1:0:3d:7a:30"

    /// The single entry of `plan`, failing the test when there is not exactly one.
    func onlyEntry(_ plan: Plan, sourceLocation: SourceLocation = #_sourceLocation) throws -> PlanEntry {
        try #require(plan.entries.count == 1, "expected one entry, got \(plan.entries)", sourceLocation: sourceLocation)
        return plan.entries[0]
    }

    // MARK: - In sync, connect, drift

    /// A labelled container that is not on its network is to be connected at prefix | hash.
    @Test func connectsMissingContainer() throws {
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "v6net")]))
        #expect(entry.action == .connect)
        #expect(entry.containerID == "cid-mon_container")
        #expect(entry.containerName == "mon_container")
        #expect(entry.network == "v6net")
        #expect(entry.networkID == Fixture.v6net.id)
        #expect(entry.desired == Fixture.address(Self.monOnV6net))
        #expect(entry.current == nil)
        #expect(entry.connected == false)
    }

    /// Subnets, names and the Python tool's address for each.
    static let pythonCompatibility: [(subnet: String, name: String, address: String)] = [
        ("2001:db8:1:1::/80", "mon_container", "2001:db8:1:1:0:3d:7a:30"),  // documented: fifth group zero
        ("2001:470:b080:103:1::/80", "mon_container", "2001:470:b080:103:1:3d:7a:30"),  // documented: fifth group 1
        ("2001:db8:1:1::/80", "nginx", "2001:db8:1:1:0:ee:43:40"),  // documented suffix ee:43:40
        ("2001:db8:1:1::/80", "determined_jackson", "2001:db8:1:1:0:3f:2:9b"),  // documented suffix 3f:2:9b
        ("2001:db8:1:1::/80", "web.1.x1y2z3", "2001:db8:1:1:0:3:8c:40"),  // Swarm task hashed as "web.1"
        ("2001:db8::/64", "mon_container", "2001:db8::3d:7a:30"),  // short prefix: still eight groups (the Python tool made seven)
    ]

    /// The planner gives the Python tool's addresses, printed canonically.
    @Test(arguments: pythonCompatibility)
    func matchesPythonTool(subnet: String, name: String, address: String) throws {
        let network = ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: [IPAMPool(subnet: subnet)])
        let entry = try onlyEntry(Fixture.plan([Fixture.container(name, network: "net")], networks: [network]))
        #expect(entry.action == .connect)
        #expect(entry.desired?.description == address)
    }

    /// Connected at the desired address, however the engine spelled it: nothing to do.
    @Test(arguments: [
        "2001:db8:1:1:0:3d:7a:30",  // canonical
        "2001:DB8:1:1:0:3D:7A:30",  // upper case
        "2001:0db8:0001:0001:0000:003d:007a:0030",  // full form
    ])
    func inSyncWhenConnectedAtDesiredAddress(current: String) throws {
        let container = Fixture.container(
            "mon_container", network: "v6net", endpoints: [Fixture.endpoint(Fixture.v6net, current)])
        let entry = try onlyEntry(Fixture.plan([container]))
        #expect(entry.action == .inSync)
        #expect(entry.connected)
        #expect(entry.current == Fixture.address(Self.monOnV6net))
        #expect(entry.desired == entry.current)
    }

    /// Endpoint addresses that are not the desired one, and what `current` must then be.
    static let drifts: [(address: String, current: String?)] = [
        ("2001:db8:1:1::99", "2001:db8:1:1::99"),  // connected at another address
        ("", nil),  // connected without an IPv6 address
        ("garbage", nil),  // an address the engine wrote that does not parse
        ("2001:db8:1:1:0:3d:7a:31", "2001:db8:1:1:0:3d:7a:31"),  // off by one
    ]

    /// Connected, but not at the desired address: drift, with the current address when there is one.
    @Test(arguments: drifts)
    func driftWhenConnectedElsewhere(address: String, current: String?) throws {
        let container = Fixture.container(
            "mon_container", network: "v6net", endpoints: [Fixture.endpoint(Fixture.v6net, address)])
        let entry = try onlyEntry(Fixture.plan([container]))
        #expect(entry.action == .drift)
        #expect(entry.connected)
        #expect(entry.current == current.map(Fixture.address))
        #expect(entry.desired == Fixture.address(Self.monOnV6net))
    }

    /// An endpoint on another network does not count: still to be connected.
    @Test func endpointOnOtherNetworkDoesNotCount() throws {
        let container = Fixture.container(
            "mon_container", network: "v6net", endpoints: [Fixture.endpoint(Fixture.other, Self.monOnV6net)])
        let entry = try onlyEntry(Fixture.plan([container]))
        #expect(entry.action == .connect)
        #expect(entry.connected == false)
        #expect(entry.current == nil)
    }

    /// An explicit suffix label replaces the derived suffix.
    @Test(arguments: [
        ("ab:cd:56", "2001:db8:1:1:0:ab:cd:56"),  // three groups
        ("::1:2", "2001:db8:1:1::1:2"),  // leading "::" form
        ("ffff:ffff:ffff", "2001:db8:1:1:0:ffff:ffff:ffff"),  // exactly the 48 host bits of a /80
        ("2", "2001:db8:1:1::2"),  // the address right after the implied gateway
    ])
    func explicitSuffixOverridesHash(suffix: String, expected: String) throws {
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "v6net", suffix: suffix)]))
        #expect(entry.action == .connect)
        #expect(entry.desired == Fixture.address(expected))
    }

    /// With an explicit gateway elsewhere, the subnet's first address is free to take.
    @Test func firstAddressIsFreeWhenGatewayIsElsewhere() throws {
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "other", suffix: "1")]))
        #expect(entry.action == .connect)
        #expect(entry.desired == Fixture.address("2001:db8:2::1"))
    }

    // MARK: - Problems

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

    /// A network whose only IPv6 pool is `subnet`, with `gateway`.
    static func net(_ subnet: String, gateway: String = "", name: String = "net", id: String = Fixture.id("e1"))
        -> ObservedNetwork
    {
        ObservedNetwork(id: id, name: name, ipamPools: [IPAMPool(subnet: subnet, gateway: gateway)])
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

    // MARK: - Resolution

    /// References that must resolve to ``Fixture/v6net``.
    @Test(arguments: [
        "v6net",  // exact name
        Fixture.v6net.id,  // exact full ID
        "a1",  // unique ID prefix
        "a",  // one-character unique ID prefix
        String(Fixture.v6net.id.prefix(12)),  // the 12-digit short ID Docker prints
    ])
    func resolvesByIDNameOrUniquePrefix(reference: String) throws {
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: reference)]))
        #expect(entry.action == .connect)
        #expect(entry.network == "v6net")
        #expect(entry.networkID == Fixture.v6net.id)
    }

    /// An exact ID wins over a network that has that text as its name.
    @Test func exactIDBeatsName() throws {
        let target = PlanTests.net("2001:db8:f1::/64", name: "target", id: Fixture.id("f1"))
        let impostor = PlanTests.net("2001:db8:e1::/64", name: Fixture.id("f1"), id: Fixture.id("e1"))
        let entry = try onlyEntry(
            Fixture.plan([Fixture.container("mon_container", network: Fixture.id("f1"))], networks: [impostor, target]))
        #expect(entry.networkID == Fixture.id("f1"))
        #expect(entry.network == "target")
    }

    /// An exact name wins over an ID prefix, and a unique name wins even when the text is also a
    /// prefix of several IDs.
    @Test func exactNameBeatsIDPrefix() throws {
        let named = PlanTests.net("2001:db8:e1::/64", name: "c0", id: Fixture.id("e1"))
        let prefixed = PlanTests.net("2001:db8:c0::/64", name: "prefixed", id: Fixture.id("c0"))
        let prefixed2 = PlanTests.net("2001:db8:c1::/64", name: "prefixed2", id: Fixture.id("c01"))
        let entry = try onlyEntry(
            Fixture.plan([Fixture.container("mon_container", network: "c0")], networks: [prefixed, named, prefixed2]))
        #expect(entry.networkID == Fixture.id("e1"))
    }

    /// The allow-list admits a network named in it by name or by full ID, however the label names it.
    @Test(arguments: [
        ("v6net", "v6net"),  // allowed by name, named by name
        ("v6net", Fixture.v6net.id),  // allowed by ID, named by name
        (Fixture.v6net.id, "v6net"),  // allowed by name, named by ID
        ("a1", Fixture.v6net.id),  // allowed by ID, named by ID prefix
    ])
    func allowListAdmitsByNameOrID(label: String, allowed: String) throws {
        let policy = ReconcilePolicy(allowedNetworks: [allowed, "unrelated"])
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: label)], policy: policy))
        #expect(entry.action == .connect)
    }

    // MARK: - Several networks in one label

    /// Labels that name v6net and other, and must yield exactly those two pairs.
    @Test(arguments: [
        "v6net,other",  // plain list
        "other,v6net",  // order of the label does not matter
        " v6net , other ",  // spaces around entries
        "v6net,other,v6net",  // duplicate name
        "v6net,\(Fixture.id("a1")),other",  // name and full ID of the same network
        "a1,v6net,b2,other",  // ID prefixes and names of the same networks
    ])
    func labelListsSeveralNetworks(label: String) {
        let plan = Fixture.plan([Fixture.container("mon_container", network: label)])
        #expect(plan.entries.map(\.network) == ["other", "v6net"])
        #expect(plan.entries.map(\.networkID) == [Fixture.other.id, Fixture.v6net.id])
        #expect(plan.entries.map(\.desired) == [Fixture.address("2001:db8:2::3d:7a:30"), Fixture.address(Self.monOnV6net)])
        #expect(plan.entries.allSatisfy { $0.action == .connect })
    }

    /// A bad reference among good ones is a problem for that reference only.
    @Test func oneBadReferenceAmongGoodOnes() {
        let container = Fixture.container(
            "mon_container", network: "v6net,nope,v4only", endpoints: [Fixture.endpoint(Fixture.v6net, Self.monOnV6net)])
        let plan = Fixture.plan([container])
        #expect(plan.entries.map(\.network) == ["nope", "v4only", "v6net"])
        #expect(plan.entries.map(\.action) == [
            .problem(.networkNotFound(reference: "nope")), .problem(.noIPv6Subnet(network: "v4only")), .inSync,
        ])
    }

    // MARK: - IPAM spelling and order

    /// The IPv6 pool is found wherever IPAM lists it.
    @Test(arguments: [
        [IPAMPool(subnet: "2001:db8:1:1::/80"), IPAMPool(subnet: "172.20.0.0/16", gateway: "172.20.0.1")],  // IPv6 at index 0
        [IPAMPool(subnet: "172.20.0.0/16", gateway: "172.20.0.1"), IPAMPool(subnet: "2001:db8:1:1::/80")],  // IPv6 at index 1
        [IPAMPool(subnet: "2001:db8:1:1::/80")],  // IPv6 only
        [IPAMPool(subnet: "10.0.0.0/8"), IPAMPool(subnet: "172.20.0.0/16"), IPAMPool(subnet: "2001:db8:1:1::/80")],  // index 2
    ])
    func ipamOrderDoesNotMatter(pools: [IPAMPool]) throws {
        let network = ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: pools)
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "net")], networks: [network]))
        #expect(entry.desired == Fixture.address(Self.monOnV6net))
    }

    /// Odd but valid spellings of `2001:db8:1:1::/80` all give the same address.
    @Test(arguments: [
        "2001:DB8:1:1::/80",  // upper case
        "2001:0db8:0001:0001:0000:0000:0000:0000/80",  // full form with leading zeros
        "2001:db8:1:1:0:0:0:0/80",  // eight groups without leading zeros
        "2001:db8:1:1::ffff/80",  // host bits set
        "2001:db8:1:1:0:ffff:ffff:ffff/80",  // every host bit set
        "2001:db8:1:1::0.0.0.0/80",  // IPv4 tail
        "2001:db8:1:1:0:0:255.255.255.255/80",  // full form with an IPv4 tail and host bits set
    ])
    func oddSubnetSpellings(subnet: String) throws {
        let network = ObservedNetwork(id: Fixture.id("e1"), name: "net", ipamPools: [IPAMPool(subnet: subnet)])
        let entry = try onlyEntry(Fixture.plan([Fixture.container("mon_container", network: "net")], networks: [network]))
        #expect(entry.action == .connect)
        #expect(entry.desired == Fixture.address(Self.monOnV6net))
    }

    /// Gateway spellings that are the implied first address must still be recognised as the gateway.
    @Test(arguments: ["2001:DB8:1:1::1", "2001:0db8:0001:0001:0000:0000:0000:0001"])
    func gatewaySpellingIsNumeric(gateway: String) throws {
        let network = PlanTests.net("2001:db8:1:1::/80", gateway: gateway)
        let entry = try onlyEntry(
            Fixture.plan([Fixture.container("mon_container", network: "net", suffix: "1")], networks: [network]))
        #expect(entry.action == .problem(.addressIsGateway(Fixture.address("2001:db8:1:1::1"))))
    }

    // MARK: - NetworkPrefix directly

    /// `NetworkPrefix.address(for:)` at the edges of the host part of a /80.
    @Test(arguments: [
        ("::ffff:ffff:ffff", true),  // 48 bits: fits exactly
        ("::1:0:0:0", false),  // 49 bits: one too many
        ("::", false),  // zero: the subnet address
        ("::1", false),  // the implied gateway
        ("::2", true),  // right after the gateway
    ])
    func prefixAddressEdges(suffix: String, succeeds: Bool) {
        let prefix = NetworkPrefix(subnet: Fixture.subnet("2001:db8:1:1::/80"), gateway: Fixture.address("2001:db8:1:1::1"))
        let result = prefix.address(for: HostSuffix(value: Fixture.address(suffix)))
        switch result {
        case .success(let address):
            #expect(succeeds)
            #expect(address == Fixture.subnet("2001:db8:1:1::/80").network | Fixture.address(suffix))
        case .failure:
            #expect(!succeeds)
        }
    }

    /// `NetworkPrefix.of` takes IPAM's gateway, or the first address when none is listed.
    @Test func prefixOfNetworkFindsGateway() {
        #expect(NetworkPrefix.of(Fixture.v6net) == .success(NetworkPrefix(
            subnet: Fixture.subnet("2001:db8:1:1::/80"), gateway: Fixture.address("2001:db8:1:1::1"))))
        #expect(NetworkPrefix.of(Fixture.other) == .success(NetworkPrefix(
            subnet: Fixture.subnet("2001:db8:2::/64"), gateway: Fixture.address("2001:db8:2::fffe"))))
    }

    // MARK: - Conflicts

    /// Two names whose MD5 digests share the first three bytes (7f cd d2) want one address: the
    /// name that sorts first gets it, whatever order the engine listed them in.
    @Test(arguments: [["c2166", "c5093"], ["c5093", "c2166"]])
    func hashCollisionGoesToFirstName(order: [String]) {
        let plan = Fixture.plan(order.map { Fixture.container($0, network: "v6net") })
        let address = Fixture.address("2001:db8:1:1:0:7f:cd:d2")
        #expect(plan.entries.map(\.containerName) == ["c2166", "c5093"])
        #expect(plan.entries.map(\.action) == [.connect, .problem(.conflict(address: address, holder: "c2166"))])
        #expect(plan.entries.map(\.desired) == [address, address])
        #expect(plan.writes(fixDrift: true).map(\.entry.containerName) == ["c2166"])
    }

    /// The container already holding the address keeps it, even when its name sorts last.
    @Test func holderKeepsAddress() {
        let address = Fixture.address("2001:db8:1:1:0:7f:cd:d2")
        let holder = Fixture.container(
            "c5093", network: "v6net", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:DB8:1:1:0:7F:CD:D2")])
        let plan = Fixture.plan([holder, Fixture.container("c2166", network: "v6net")])
        #expect(plan.entries.map(\.containerName) == ["c2166", "c5093"])
        #expect(plan.entries.map(\.action) == [.problem(.conflict(address: address, holder: "c5093")), .inSync])
    }

    /// A labelled container that holds the address on the network keeps it even if it now wants
    /// another one (it drifted); the newcomer waits.
    @Test func driftedHolderStillHoldsAddress() {
        let holder = Fixture.container(
            "zz_holder", network: "v6net", suffix: "9", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::ab:cd:56")])
        let plan = Fixture.plan([holder, Fixture.container("aa_new", network: "v6net", suffix: "ab:cd:56")])
        #expect(plan.entries.map(\.action) == [
            .problem(.conflict(address: Fixture.address("2001:db8:1:1::ab:cd:56"), holder: "zz_holder")), .drift,
        ])
    }

    /// Duplicate explicit suffixes: the name that sorts first wins, each loser names the winner.
    @Test func duplicateExplicitSuffixGoesToFirstName() {
        let names = ["web-b", "web-c", "web-a"]
        let plan = Fixture.plan(names.map { Fixture.container($0, network: "v6net", suffix: "ab:cd:56") })
        let address = Fixture.address("2001:db8:1:1:0:ab:cd:56")
        #expect(plan.entries.map(\.containerName) == ["web-a", "web-b", "web-c"])
        #expect(plan.entries.map(\.action) == [
            .connect, .problem(.conflict(address: address, holder: "web-a")),
            .problem(.conflict(address: address, holder: "web-a")),
        ])
    }

    /// Two Swarm tasks of one slot (hashed alike) conflict; the other slot does not.
    @Test func swarmTasksOfOneSlotConflict() {
        let plan = Fixture.plan([
            Fixture.container("web.1.bbbb", network: "v6net"), Fixture.container("web.1.aaaa", network: "v6net"),
            Fixture.container("web.2.cccc", network: "v6net"),
        ])
        #expect(plan.entries.map(\.containerName) == ["web.1.aaaa", "web.1.bbbb", "web.2.cccc"])
        #expect(plan.entries.map(\.action) == [
            .connect, .problem(.conflict(address: Fixture.address("2001:db8:1:1::3:8c:40"), holder: "web.1.aaaa")), .connect,
        ])
    }

    /// The same suffix on two different networks is no conflict.
    @Test func sameSuffixOnDifferentNetworksIsNoConflict() {
        let plan = Fixture.plan([
            Fixture.container("a", network: "v6net", suffix: "ab:cd:56"),
            Fixture.container("b", network: "other", suffix: "ab:cd:56"),
        ])
        #expect(plan.entries.map(\.action) == [.connect, .connect])
    }

    /// A container that holds an address on one network does not block it on another.
    @Test func holderOnAnotherNetworkDoesNotBlock() {
        let plan = Fixture.plan([
            Fixture.container("zz", network: "other", suffix: "5", endpoints: [Fixture.endpoint(Fixture.other, "2001:db8:1:1::5")]),
            Fixture.container("aa", network: "v6net", suffix: "5"),
        ])
        #expect(plan.entries.map(\.containerName) == ["aa", "zz"])
        #expect(plan.entries[0].action == .connect)
    }

    // MARK: - Policy and ordering

    /// A custom label prefix reads its own labels and ignores the default ones.
    @Test func customLabelPrefix() throws {
        let policy = ReconcilePolicy(labelPrefix: "com.example.v6")
        #expect(policy.networkLabel == "com.example.v6.network")
        #expect(policy.suffixLabel == "com.example.v6.suffix")
        #expect(ReconcilePolicy().networkLabel == "ipv6.mapper.network")
        #expect(ReconcilePolicy().suffixLabel == "ipv6.mapper.suffix")

        let custom = Fixture.container("mon_container", network: "v6net", suffix: "ab:cd:56", labelPrefix: "com.example.v6")
        let entry = try onlyEntry(Fixture.plan([custom], policy: policy))
        #expect(entry.action == .connect)
        #expect(entry.desired == Fixture.address("2001:db8:1:1:0:ab:cd:56"))

        // Default labels under a custom prefix are not read: no network label at all.
        let defaults = Fixture.container("mon_container", network: "v6net", suffix: "ab:cd:56")
        #expect(try onlyEntry(Fixture.plan([defaults], policy: policy)).action == .problem(.emptyNetworkLabel(label: "")))

        // A default suffix label is ignored under a custom prefix: the hash is used.
        var mixed = Fixture.container("mon_container", network: "v6net", labelPrefix: "com.example.v6")
        mixed.labels["ipv6.mapper.suffix"] = "ab:cd:56"
        #expect(try onlyEntry(Fixture.plan([mixed], policy: policy)).desired == Fixture.address(Self.monOnV6net))
    }

    /// Entries are sorted by container name, then network, whatever the input order, and
    /// planning is deterministic.
    @Test func entriesAreSortedAndDeterministic() {
        let containers = [
            Fixture.container("nginx", network: "v6net,other"),
            Fixture.container("determined_jackson", network: "v6net"),
            Fixture.container("mon_container", network: "other,v6net"),
        ]
        let plan = Fixture.plan(containers)
        let pairs = plan.entries.map { "\($0.containerName)@\($0.network)" }
        #expect(pairs == [
            "determined_jackson@v6net", "mon_container@other", "mon_container@v6net", "nginx@other", "nginx@v6net",
        ])
        #expect(Fixture.plan(containers.reversed()) == plan)
        #expect(Fixture.plan(containers) == plan)
    }

    /// An empty observation plans nothing.
    @Test func emptyObservationPlansNothing() {
        #expect(Fixture.plan([]).entries.isEmpty)
        #expect(Fixture.plan([], networks: []).writes(fixDrift: true).isEmpty)
    }

    // MARK: - Writes

    /// One container per verdict: in sync, to connect, drifted, problem.
    static let mixed = [
        Fixture.container("a_insync", network: "v6net", suffix: "a", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::a")]),
        Fixture.container("b_connect", network: "v6net", suffix: "b"),
        Fixture.container("c_drift", network: "v6net", suffix: "c", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::99")]),
        Fixture.container("d_problem", network: "nope"),
    ]

    /// Without `fixDrift` only connects are written; with it, drift is reconnected too; in-sync
    /// pairs and problems never are.
    @Test func writesFollowFixDrift() throws {
        let plan = Fixture.plan(Self.mixed)
        #expect(plan.entries.map(\.action) == [
            .inSync, .connect, .drift, .problem(.networkNotFound(reference: "nope")),
        ])
        let plain = plan.writes(fixDrift: false)
        #expect(plain.map(\.kind) == [.connect])
        #expect(plain.map(\.entry.containerName) == ["b_connect"])
        #expect(plain.first?.entry == plan.entries[1])
        let fixing = plan.writes(fixDrift: true)
        #expect(fixing.map(\.kind) == [.connect, .reconnect])
        #expect(fixing.map(\.entry.containerName) == ["b_connect", "c_drift"])
        #expect(fixing.last?.entry.desired == Fixture.address("2001:db8:1:1::c"))
    }

    // MARK: - Problem text

    /// Text a hostile label could carry: a newline, a terminal escape, DEL, a quote, non-ASCII.
    static let hostile = "x\n\u{1b}[31mproblem fake\u{7f}\"é"

    /// Every problem renders as one printable ASCII line in which hostile text is escaped.
    @Test(arguments: [
        Problem.emptyNetworkLabel(label: hostile),
        .badSuffix(.notHex(hostile)),
        .networkNotFound(reference: hostile),
        .networkAmbiguous(reference: hostile, candidates: ["a", "b"]),
        .networkNotAllowed(network: hostile),
        .noIPv6Subnet(network: hostile),
        .severalIPv6Subnets(network: hostile, subnets: ["2001:db8::/64", "2001:db8:1::/64"]),
        .unparsableSubnet(network: hostile, text: hostile),
        .suffixTooWide(suffix: HostSuffix(value: Fixture.address("::1:0:0:0")), subnet: Fixture.subnet("2001:db8::/80")),
        .addressIsSubnetAddress(Fixture.address("2001:db8::")),
        .addressIsGateway(Fixture.address("2001:db8::1")),
        .conflict(address: Fixture.address("2001:db8::5"), holder: hostile),
        .addressHeldByUnlabelled(address: Fixture.address("2001:db8::5"), holder: hostile),
        .addressHeldByUnlabelled(address: Fixture.address("2001:db8::5"), holder: nil),
        .containerGone,
        .engineRefused(operation: "connect", status: 403, message: hostile),
        .writeNotDone(operation: "connect", cause: "timed out"),
        .reconnectFailed(status: 500, message: hostile),
    ])
    func problemTextIsOnePrintableLine(problem: Problem) {
        let text = problem.description
        #expect(!text.isEmpty)
        #expect(text.unicodeScalars.allSatisfy { (" "..."~").contains($0) }, "\(text.debugDescription)")
    }

    /// Problem texts carry their specifics.
    @Test(arguments: [
        (Problem.suffixTooWide(suffix: HostSuffix(value: Fixture.address("::1:0:0:0")), subnet: Fixture.subnet("2001:db8::/80")),
            "suffix 1:0:0:0 is wider than the 48 host bits of 2001:db8::/80"),  // suffix, host bits, subnet
        (.conflict(address: Fixture.address("2001:db8::5"), holder: "web"),
            "address 2001:db8::5 conflicts with container \"web\", which keeps it"),  // address and holder
        (.networkAmbiguous(reference: "dup", candidates: ["a", "b"]),
            "\"dup\" matches several networks (a, b); use the full ID"),  // candidates listed
        (.networkNotFound(reference: "nope"), "no network has the ID, name or ID prefix \"nope\""),  // reference quoted
    ])
    func problemTextCarriesSpecifics(problem: Problem, expected: String) {
        #expect(problem.description == expected)
    }
}

import ReconcileCore
import Testing

/// `Plan.checkingHolders`: each connect checked against the network's inspect before any write,
/// and `networksToInspectBeforeConnecting`, which says which inspects a run makes.
@Suite struct HolderCheckTests {
    /// `web`'s desired address on `v6net` (suffix label `5`).
    static let desired = Fixture.address("2001:db8:1:1::5")
    /// `web`, labelled for v6net with suffix 5, not connected.
    static let web = Fixture.container("web", network: "v6net", suffix: "5")
    /// `api`, labelled too (suffix 6), connected at its address.
    static let api = Fixture.container("api", network: "v6net", suffix: "6", endpoints: [Fixture.endpoint(Fixture.v6net, "2001:db8:1:1::6")])

    /// One inspect's answer and what it makes of web's connect.
    struct Case: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        var note: String
        /// The attachments the inspect lists on v6net; nil: the network was not inspected.
        var attachments: [NetworkAttachment]?
        /// The action web's pair must end with.
        var action: PlannedAction

        /// The note, as the case's name.
        var testDescription: String { note }
    }

    static let cases: [Case] = [
        Case(note: "nobody there: still a connect", attachments: [], action: .connect),
        Case(note: "not inspected: unchanged", attachments: nil, action: .connect),
        Case(
            note: "an unlabelled container holds it: a problem naming it, before any write",
            attachments: [NetworkAttachment(containerID: "cid-holder", containerName: "holder", address: desired)],
            action: .problem(.addressHeldByUnlabelled(address: desired, holder: "holder"))),
        Case(
            note: "a labelled container the list showed elsewhere holds it: a conflict naming it",
            attachments: [NetworkAttachment(containerID: "cid-api", containerName: "api", address: desired)],
            action: .problem(.conflict(address: desired, holder: "api"))),
        Case(
            note: "web itself is there at its address (the list did not show it): in sync, no write",
            attachments: [NetworkAttachment(containerID: "cid-web", containerName: "web", address: desired)],
            action: .inSync),
        Case(
            note: "web's own half-made endpoint (Docker 20.10 lists it as ep-...): the connect goes ahead",
            attachments: [NetworkAttachment(containerID: "ep-1234", containerName: "web", address: desired)],
            action: .connect),
        Case(
            note: "someone holds another address: nothing to do with web",
            attachments: [NetworkAttachment(containerID: "cid-holder", containerName: "holder", address: Fixture.address("2001:db8:1:1::9"))],
            action: .connect),
        Case(
            note: "an endpoint without an IPv6 address holds nothing",
            attachments: [NetworkAttachment(containerID: "cid-holder", containerName: "holder", address: nil)],
            action: .connect),
    ]

    @Test(arguments: cases)
    func checksTheConnect(_ testCase: Case) throws {
        let observation = Observation(containers: [Self.web, Self.api], networks: Fixture.networks)
        let plan = Plan(observation: observation, policy: ReconcilePolicy())
        try #require(plan.entries.first { $0.containerName == "web" }?.action == .connect)
        let inspected = testCase.attachments.map { [Fixture.v6net.id: $0] } ?? [:]
        let checked = plan.checkingHolders(inspected, observation: observation)
        let entry = try #require(checked.entries.first { $0.containerName == "web" })
        #expect(entry.action == testCase.action)
        if testCase.action == .inSync {
            #expect(entry.connected && entry.current == Self.desired, "in sync means connected there: \(entry)")
        }
        // api was in sync before and stays so, whatever the inspect says of web's address.
        #expect(checked.entries.first { $0.containerName == "api" }?.action == .inSync)
        #expect(checked.writes(fixDrift: false).count == (testCase.action == .connect ? 1 : 0))
    }

    /// Only networks with a connect are inspected, each once, in plan order; drift, in-sync and
    /// problem pairs need none (drift repair inspects on its own path).
    @Test func inspectsOnlyNetworksWithConnects() {
        let drifted = Fixture.container("drifted", network: "other", suffix: "7", endpoints: [Fixture.endpoint(Fixture.other, "2001:db8:2::99")])
        let twice = Fixture.container("twice", network: "v6net,other", suffix: "8")
        let broken = Fixture.container("broken", network: "v4only", suffix: "9")
        let plan = Fixture.plan([Self.web, Self.api, drifted, twice, broken])
        #expect(plan.networksToInspectBeforeConnecting == [Fixture.other.id, Fixture.v6net.id])
        #expect(Fixture.plan([Self.api]).networksToInspectBeforeConnecting.isEmpty, "a no-op plan inspects nothing")
    }
}

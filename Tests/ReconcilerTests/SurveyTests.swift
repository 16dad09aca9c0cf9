import DockerEngine
import ReconcileCore
import Reconciler
import Testing

/// The survey against a scripted engine: how many requests each kind of run costs, what the
/// network's inspect decides before any write, and how Podman's broken state is got around where
/// it can be and reported where it cannot.
@Suite struct SurveyTests {
    static let v = "/v1.51"

    /// Everything in sync: the ping, one container list, one network list, and nothing else.
    @Test func noOpRunIsThreeRequests() throws {
        let engine = try Scene.web(at: "a").engine()
        let survey = try Run.survey(engine)
        #expect(engine.lines == ["GET /_ping", "GET \(Self.v)/containers/json", "GET \(Self.v)/networks"])
        #expect(survey.plan.entries.map(\.action) == [.inSync])
        #expect(survey.facts == nil && survey.exposures == nil && survey.workarounds.isEmpty)
    }

    /// The container list asks for the label, percent-encoded, in one request.
    @Test func containerListFiltersByLabel() throws {
        let engine = try Scene.web(at: "a").engine()
        _ = try Run.survey(engine)
        #expect(engine.requests[1].target == "\(Self.v)/containers/json?filters=%7B%22label%22%3A%5B%22ipv6.mapper.network%22%5D%7D")
    }

    /// Two containers to connect on one network: that network is inspected once, and nothing written.
    @Test func connectInspectsTheNetworkOnce() throws {
        let engine = try Scene.fresh.engine()
        let survey = try Run.survey(engine)
        #expect(engine.lines.dropFirst(3) == ["GET \(Self.v)/networks/\(Scene.networkID)"])
        #expect(survey.plan.writes(fixDrift: false).map(\.entry.containerName) == ["db", "web"], "by name")
        #expect(engine.writes.isEmpty)
    }

    /// Drift alone is not a connect: no inspect, even for a run that would repair it.
    @Test func driftIsNotInspected() throws {
        let engine = try Scene.web(at: "99").engine()
        let survey = try Run.survey(engine)
        #expect(engine.lines.count == 3)
        #expect(survey.plan.entries.map(\.action) == [.drift])
    }

    /// The inspect shows an unlabelled container at web's address: a problem naming it, no write.
    @Test func holderInTheInspectIsAProblem() throws {
        var scene = Scene.web(at: nil)
        scene.others = [(Scene.intruder.id, Scene.intruder.name, Scene.prefix + "a")]
        let survey = try Run.survey(try scene.engine())
        #expect(survey.plan.entries.map(\.action) == [.problem(.addressHeldByUnlabelled(address: Scene.web.desired, holder: "intruder"))])
        #expect(survey.plan.writes(fixDrift: false).isEmpty)
    }

    /// The inspect shows web already at its address (the list did not): in sync, no write.
    @Test func ownEndpointInTheInspectIsInSync() throws {
        var scene = Scene.web(at: nil)
        scene.others = [(Scene.web.id, "web", Scene.prefix + "a")]
        let survey = try Run.survey(try scene.engine())
        #expect(survey.plan.writes(fixDrift: false).isEmpty)
        #expect(survey.plan.entries.map(\.action) == [.inSync])
    }

    /// Exposures wanted, on Docker 28.5's captured scene: `GET /info`, and the port bindings of
    /// l-r3 alone, whose listed ports (0.0.0.0 only) cannot tell whether -p opens its IPv6 address.
    @Test func exposuresAskInfoAndOnlyTheAmbiguousBindings() throws {
        let engine = ScriptedEngine(api: "1.51")
        engine.answer("GET", "/containers/json", try .capture("docker-28.5/containers-json.json"))
        engine.answer("GET", "/networks", try .capture("docker-28.5/networks.json"))
        engine.answer("GET", "/info", try .capture("docker-28.5/info.json"))
        let routednet = Self.routednetID
        engine.answer("GET", "/networks/\(routednet)", .json("{\"Containers\":{}}"))
        let lr3ID = Self.lr3ID
        engine.answer("GET", "/containers/\(lr3ID)/json", try .capture("docker-28.5/containers-l-r3-json.json"))

        let survey = try Run.survey(engine, exposures: true)
        #expect(engine.lines.dropFirst(3) == [
            "GET \(Self.v)/networks/\(routednet)", "GET \(Self.v)/info", "GET \(Self.v)/containers/\(lr3ID)/json",
        ])
        #expect(survey.facts?.product == "Docker 28.5.2+dfsg4")
        let connects = survey.plan.writes(fixDrift: false).map(\.entry.containerName)
        #expect(connects == ["l-r3"])
        // Its bindings tell -p 8090:80 (every address) from -p 0.0.0.0:8091:91: only 80 opens on IPv6.
        let verdicts = try #require(survey.exposures)
        let lr3Entry = try #require(survey.plan.entries.first { $0.containerName == "l-r3" })
        guard case .reachableOnPorts(let ports, _)? = verdicts[PlanEntryKey(lr3Entry)] else {
            Issue.record("l-r3: \(String(describing: verdicts[PlanEntryKey(lr3Entry)]))")
            return
        }
        #expect(ports == ["80/tcp"])
    }

    /// Podman (the ping's Libpod-Api-Version), its network list failing with the mismatch: the
    /// survey reads Podman's own list, versioned by Podman's version, and records the workaround,
    /// whose hint names the half-made endpoint's network and container (the inspect of that
    /// network, by name, fails too on 4.3: the short ID is all it has).
    @Test func podmanNetworkListMismatchFallsBack() throws {
        let engine = try Scene.web(at: "a").engine(podman: "4.3.1")
        engine.answer("GET", "/networks", .error(500, Scene.mismatch("d4d4d4d4d4d4", [("v6net", Scene.prefix + "77")])))
        engine.answer("GET", "/libpod/networks/json", .json(Scene.libpodNetworksJSON))
        engine.answer("GET", "/networks/v6net", .error(500, Scene.mismatch("d4d4d4d4d4d4", [("v6net", Scene.prefix + "77")])))

        let survey = try Run.survey(engine)
        #expect(engine.lines == [
            "GET /_ping", "GET /v1.41/containers/json", "GET /v1.41/networks", "GET /v1.41/networks/v6net", "GET /v4.3.1/libpod/networks/json",
        ])
        #expect(survey.plan.entries.map(\.action) == [.inSync])
        let workaround = try #require(survey.workarounds.first)
        #expect(survey.workarounds.count == 1)
        #expect(workaround.instead == "read Podman's own network list instead")
        #expect(workaround.state.failure.operation == "GET /v1.41/networks")
        #expect(workaround.state.hint.contains("Podman kept a half-made endpoint of container d4d4d4d4d4d4 (on \"v6net\" at 2001:db8:1:1::77)"))
        #expect(workaround.state.hint.contains("clear it with: docker network disconnect -f v6net d4d4d4d4d4d4 ("))
    }

    /// The same failure from Docker is no broken state it knows: the survey fails, no fallback.
    @Test func dockerNetworkListMismatchIsThrown() throws {
        let engine = try Scene.web(at: "a").engine()
        engine.answer("GET", "/networks", .error(500, Scene.mismatch("d4d4d4d4d4d4", [("v6net", Scene.prefix + "77")])))
        let failure = try #require(throws: SurveyFailure.self) { try Run.survey(engine) }
        #expect(failure.error.operation == "GET /v1.51/networks" && failure.error.status == 500)
        #expect(failure.brokenState == nil)
        #expect(engine.lines.count == 3, "no fallback, no inspect: \(engine.lines)")
    }

    /// Podman failing the inspect of the network to connect on: the connect goes ahead unchecked,
    /// with the workaround recorded.
    @Test func podmanInspectMismatchIsGotAround() throws {
        let engine = try Scene.web(at: nil).engine(podman: "4.3.1")
        engine.answer("GET", "/networks/\(Scene.networkID)", .error(500, Scene.mismatch("d4d4d4d4d4d4", [("v6net", Scene.prefix + "77")])))
        let survey = try Run.survey(engine)
        #expect(survey.plan.writes(fixDrift: false).map(\.entry.containerName) == ["web"])
        #expect(survey.workarounds.map(\.instead) == ["connecting there without checking who holds which address"])
        #expect(survey.workarounds.first?.state.failure.operation == "GET /v1.41/networks/\(Scene.networkID)")
    }

    /// Docker failing that inspect: the survey fails, naming the inspect; nothing is written.
    @Test func dockerInspectMismatchIsASurveyFailure() throws {
        let engine = try Scene.web(at: nil).engine()
        engine.answer("GET", "/networks/\(Scene.networkID)", .error(500, Scene.mismatch("d4d4d4d4d4d4", [("v6net", Scene.prefix + "77")])))
        let failure = try #require(throws: SurveyFailure.self) { try Run.survey(engine) }
        #expect(failure.error.operation == "GET /v1.51/networks/\(Scene.networkID)")
        #expect(failure.brokenState == nil)
        #expect(engine.writes.isEmpty)
    }

    /// Podman failing the container list (no fallback there) for a container with a good endpoint
    /// on v6net and a half-made one on v6b: the failure's broken state comes from the inspects the
    /// survey made, by network name: v6net's lists the container at its address, so only v6b is
    /// named, with the container's name from that inspect.
    @Test func surveyFailureCarriesTheBrokenStateFromItsInspects() throws {
        let engine = try Scene.web(at: "a").engine(podman: "5.4.2")
        let mismatch = Scene.mismatch(Scene.web.shortID, [("v6net", Scene.prefix + "a"), ("v6b", "2001:db8:2::a")])
        engine.answer("GET", "/containers/json", .error(500, mismatch))
        engine.answer("GET", "/networks/v6net", .json(Scene.inspect([(Scene.web.id, "web", Scene.prefix + "a")])))
        engine.answer("GET", "/networks/v6b", .error(500, mismatch))

        let failure = try #require(throws: SurveyFailure.self) { try Run.survey(engine) }
        #expect(engine.lines == ["GET /_ping", "GET /v1.41/containers/json", "GET /v1.41/networks/v6net", "GET /v1.41/networks/v6b"])
        let state = try #require(failure.brokenState)
        #expect(state.inspected.keys.sorted() == ["v6net"])
        #expect(state.hint.contains("half-made endpoint of container \"web\" (\(Scene.web.shortID)) (on \"v6b\" at 2001:db8:2::a)"), "\(state.hint)")
        #expect(state.hint.contains("clear it with: docker network disconnect -f v6b web ("), "\(state.hint)")
        #expect(!state.hint.contains("disconnect -f v6net"), "never the good endpoint: \(state.hint)")
        #expect(failure.description == failure.error.description + state.hint)
    }

    // MARK: the 28.5 capture's IDs (see its README)

    /// routednet's ID in `docker-28.5/networks.json`.
    static let routednetID = "9fc64702c8f5f79defccaa9bf755ba62cc1af5b7b2b79b1fc3440e6bcd9f8f5d"
    /// l-r3's ID in `docker-28.5/containers-json.json`.
    static let lr3ID = "efdc16081bea610e5e2579b5d8a825598a0137950bb26259b6c1d6dc1bbb1170"
}

import DockerEngine
import ReconcileCore
import Reconciler
import Testing

/// The applier against a scripted engine: each way a connect or a reconnect ends, as the real
/// engines answer them (see Tests/ipv6-reconcileTests/Faults and ConnectRefusal.swift), with
/// exactly the requests it makes after the survey.
@Suite struct ApplierTests {
    static let connect = "POST /v1.51/networks/\(Scene.networkID)/connect"
    static let disconnect = "POST /v1.51/networks/\(Scene.networkID)/disconnect"
    static let inspect = "GET /v1.51/networks/\(Scene.networkID)"
    /// A reconnect's requests: the inspect, the disconnect (not forced), the connect at the desired address.
    static let reconnectRequests = [
        inspect, "\(disconnect) \(Scene.disconnectBody(Scene.web, force: false))", "\(connect) \(Scene.connectBody(Scene.web))",
    ]

    /// A plain connect: one POST with the address in the endpoint's IPAM config, done, logged.
    @Test func connectDone() throws {
        let engine = try Scene.web(at: nil).engine()
        let log = LogCapture()
        let (result, requests) = try Run.apply(engine, log: log)
        #expect(requests.map(\.description) == ["\(Self.connect) \(Scene.connectBody(Scene.web))"])
        #expect(Scene.connectBody(Scene.web) == #"{"Container":"\#(Scene.web.id)","EndpointConfig":{"IPAMConfig":{"IPv6Address":"2001:db8:1:1::a"}}}"#)
        #expect(result.byContainer == [Scene.web.id: .done])
        #expect(result.engineLost == nil)
        #expect(log.at(.info).last == "connected web to v6net at 2001:db8:1:1::a")
    }

    /// A refused connect the network's inspect explains (Docker answers 403 to both).
    struct Explained: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let status: Int
        let message: String
        /// Who the inspect after the refusal lists at web's address.
        let atAddress: (id: String, name: String)
        let expected: WriteResult
    }

    static let explained: [Explained] = [
        // Docker's 403 for a taken address names no one: the inspect names the unlabelled holder.
        Explained(
            testDescription: "403 Address already in use", status: 403, message: "Address already in use", atAddress: Scene.intruder,
            expected: .failed(.addressHeldByUnlabelled(address: Scene.web.desired, holder: "intruder"))),
        // A concurrent run connected web first: the inspect shows it there, so in sync.
        Explained(
            testDescription: "403 endpoint already exists, and it does", status: 403,
            message: "endpoint with name web already exists in network v6net", atAddress: (Scene.web.id, "web"), expected: .alreadyInSync),
        // Podman 5.4's wording, same meaning.
        Explained(
            testDescription: "Podman 5.4's 403 already connected", status: 403,
            message: "container \(Scene.web.id) is already connected to network v6net: network is already connected",
            atAddress: (Scene.web.id, "web"), expected: .alreadyInSync),
    ]

    /// The survey's inspect shows the address free; the second, after the refusal, explains it.
    @Test(arguments: explained)
    func refusalExplainedByTheInspect(_ row: Explained) throws {
        let engine = try Scene.web(at: nil).engine()
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .error(row.status, row.message))
        engine.answer(
            "GET", "/networks/\(Scene.networkID)", .json(Scene.inspect([])),
            .json(Scene.inspect([(row.atAddress.id, row.atAddress.name, Scene.prefix + "a")])))
        let (result, requests) = try Run.apply(engine)
        #expect(requests.map(\.line) == [Self.connect, Self.inspect])
        #expect(result.byContainer == [Scene.web.id: row.expected])
    }

    /// "already exists" while the inspect does not show web: the engine's words are the problem.
    @Test func alreadyExistsButItDoesNot() throws {
        let engine = try Scene.web(at: nil).engine()
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .error(403, "endpoint with name web already exists in network v6net"))
        let (result, _) = try Run.apply(engine)
        #expect(result.byContainer == [Scene.web.id: .failed(.engineRefused(
            operation: "connect", status: 403, message: "endpoint with name web already exists in network v6net"))])
    }

    /// Podman 4.3's 500 names the holder's full ID: the endpoint Podman kept is disconnected
    /// (forced) at once, and the problem names the holder by its short ID (the inspect after the
    /// refusal fails in the broken state, so only the engine's words name it).
    @Test func podmanAddressTakenForcesADisconnect() throws {
        let engine = try Scene.web(at: nil).engine(podman: "4.3.1")
        let holder = Scene.intruder.id
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .error(500, "IPAM error: requested ip address 2001:db8:1:1::a is already allocated to container ID \(holder)"))
        engine.answer("POST", "/networks/\(Scene.networkID)/disconnect", .error(500, "netavark: : EOF"))
        engine.answer(
            "GET", "/networks/\(Scene.networkID)", .json(Scene.inspect([])),
            .error(500, Scene.mismatch(Scene.web.shortID, [("v6net", Scene.prefix + "a")])))
        let log = LogCapture()
        let (result, requests) = try Run.apply(engine, log: log)
        #expect(requests.map(\.description) == [
            "POST /v1.41/networks/\(Scene.networkID)/connect \(Scene.connectBody(Scene.web))",
            "POST /v1.41/networks/\(Scene.networkID)/disconnect \(Scene.disconnectBody(Scene.web, force: true))",
            "GET /v1.41/networks/\(Scene.networkID)",
        ])
        #expect(result.byContainer == [Scene.web.id: .failed(.addressHeldByUnlabelled(address: Scene.web.desired, holder: String(holder.prefix(12))))])
        #expect(log.at(.info).contains {
            $0 == "web on v6net: forced a disconnect of the endpoint Podman kept after refusing the connect (it answered: netavark: : EOF)"
        })
    }

    /// A connect outside the network's subnets, as each engine words it; Podman's leaves an
    /// endpoint behind, which is disconnected (forced), Docker's does not.
    struct Outside: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let podman: String?
        let status: Int
        let message: String
    }

    static let outside: [Outside] = [
        Outside(testDescription: "Docker 20.10", podman: nil, status: 500,
            message: "Invalid address 2001:db8:1:1::a: It does not belong to any of this network's subnets"),
        Outside(testDescription: "Docker 28.5", podman: nil, status: 400,
            message: "invalid endpoint settings:\nno configured subnet or ip-range contain the IP address 2001:db8:1:1::a"),
        Outside(testDescription: "Podman 5.4", podman: "5.4.2", status: 500,
            message: "requested static ip 2001:db8:1:1::a not in any subnet on network v6net"),
    ]

    @Test(arguments: outside)
    func refusedOutsideTheSubnets(_ row: Outside) throws {
        let engine = try Scene.web(at: nil).engine(podman: row.podman)
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .error(row.status, row.message))
        let (result, requests) = try Run.apply(engine)
        let v = row.podman == nil ? "/v1.51" : "/v1.41"
        let forced = "POST \(v)/networks/\(Scene.networkID)/disconnect \(Scene.disconnectBody(Scene.web, force: true))"
        #expect(requests.map(\.description) == ["POST \(v)/networks/\(Scene.networkID)/connect \(Scene.connectBody(Scene.web))"]
            + (row.podman == nil ? [] : [forced]))
        #expect(result.byContainer == [Scene.web.id: .failed(.engineRefused(operation: "connect", status: row.status, message: row.message))])
        #expect(result.engineLost == nil)
    }

    /// 404 no such container: the container went away; no inspect, no disconnect.
    @Test(arguments: [
        "No such container: \(Scene.web.id)",  // Docker
        "no container with name or ID \"\(Scene.web.id)\" found: no such container",  // Podman
    ])
    func containerGone(_ message: String) throws {
        let engine = try Scene.web(at: nil).engine()
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .error(404, message))
        let (result, requests) = try Run.apply(engine)
        #expect(requests.map(\.line) == [Self.connect])
        #expect(result.byContainer == [Scene.web.id: .failed(.containerGone)])
    }

    /// The engine gone on the first connect (no answer in time): the pair is not done, engineLost
    /// is set, logged once at error level, and the second container's connect is never sent.
    @Test func engineLostStopsTheWrites() throws {
        let engine = try Scene.fresh.engine()
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .timeout)
        let log = LogCapture()
        let (result, requests) = try Run.apply(engine, log: log)
        #expect(requests.map(\.line) == [Self.connect], "one write, then none")
        let lost = try #require(result.engineLost)
        #expect(lost.cause == .timeout(seconds: 10))
        #expect(result.byContainer == [
            Scene.db.id:
                .failed(.writeNotDone(operation: "connect", cause: lost.description)),
        ])
        #expect(log.at(.error) == [lost.description])
    }

    /// --fix-drift: the inspect shows the desired address free, then disconnect (not forced) and
    /// connect at the desired address.
    @Test func reconnect() throws {
        let engine = try Scene.web(at: "99").engine()
        let log = LogCapture()
        let (result, requests) = try Run.apply(engine, fixDrift: true, log: log)
        #expect(requests.map(\.description) == Self.reconnectRequests)
        #expect(result.byContainer == [Scene.web.id: .done])
        #expect(log.at(.info).last == "reconnected web to v6net at 2001:db8:1:1::a")
    }

    /// Drift without --fix-drift is not written at all.
    @Test func driftLeftAlone() throws {
        let (result, requests) = try Run.apply(try Scene.web(at: "99").engine())
        #expect(requests.isEmpty && result.results.isEmpty)
    }

    /// The desired address is held: the reconnect stops at the inspect, no disconnect at all.
    @Test func reconnectToAHeldAddressDisconnectsNothing() throws {
        var scene = Scene.web(at: "99")
        scene.others = [(Scene.intruder.id, Scene.intruder.name, Scene.prefix + "a")]
        let (result, requests) = try Run.apply(try scene.engine(), fixDrift: true)
        #expect(requests.map(\.line) == [Self.inspect])
        #expect(result.byContainer == [Scene.web.id: .failed(.addressHeldByUnlabelled(address: Scene.web.desired, holder: "intruder"))])
    }

    /// The reconnect's connect refused after the disconnect: the container is put back at its
    /// previous address (the restore POST), and the problem is the refusal.
    @Test func refusedReconnectRestores() throws {
        let engine = try Scene.web(at: "99").engine()
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .error(500, "boom"), .ok)
        let log = LogCapture()
        let (result, requests) = try Run.apply(engine, fixDrift: true, log: log)
        #expect(requests.map(\.description) == Self.reconnectRequests + ["\(Self.connect) \(Scene.connectBody(Scene.web, at: Scene.prefix + "99"))"])
        #expect(result.byContainer == [Scene.web.id: .failed(.reconnectFailed(status: 500, message: "boom"))])
        #expect(log.at(.info).contains("restored web on v6net after a refused reconnect"))
        #expect(log.at(.error).isEmpty)
    }

    /// The restore refused too: logged at error level, naming the pair; the problem is the first refusal.
    @Test func failedRestoreIsLoggedAtError() throws {
        let engine = try Scene.web(at: "99").engine()
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .error(500, "boom"), .error(500, "still boom"))
        let log = LogCapture()
        let (result, requests) = try Run.apply(engine, fixDrift: true, log: log)
        #expect(requests.filter { $0.line == Self.connect }.count == 2)
        #expect(result.byContainer == [Scene.web.id: .failed(.reconnectFailed(status: 500, message: "boom"))])
        let error = try #require(log.at(.error).first)
        #expect(log.at(.error).count == 1)
        #expect(error.hasPrefix("web on v6net: could not restore the endpoint after a refused reconnect: "))
        #expect(error.contains("engine answered 500: still boom"))
    }

    /// The reconnect's disconnect refused: the problem names the disconnect; no connect is sent.
    @Test func refusedDisconnect() throws {
        let engine = try Scene.web(at: "99").engine()
        engine.answer("POST", "/networks/\(Scene.networkID)/disconnect", .error(500, "cannot disconnect"))
        let (result, requests) = try Run.apply(engine, fixDrift: true)
        #expect(requests.map(\.line) == [Self.inspect, Self.disconnect])
        #expect(result.byContainer == [Scene.web.id: .failed(.engineRefused(operation: "disconnect", status: 500, message: "cannot disconnect"))])
    }
}

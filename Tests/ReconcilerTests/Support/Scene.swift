import DockerEngine
import ReconcileCore
import Reconciler

/// A small engine scene, as the engine's JSON lists it: the network `v6net`
/// (`2001:db8:1:1::/80`) and labelled containers on it, each with an explicit suffix, so each
/// desired address is plain to read (`web` wants `::a`, `db` wants `::b`). ``script(_:)`` puts
/// the lists, the network's inspect and `GET /info` on a ``ScriptedEngine``; a test then
/// changes what its branch needs.
struct Scene {
    /// A container as the engine lists it.
    struct Container {
        var name: String
        var id: String
        var suffix: String
        /// Where it is attached on `v6net` now, if it is.
        var current: String?
        /// Whether it carries the network label.
        var labelled = true

        /// Its desired address on `v6net`.
        var desired: IPv6Address { IPv6Address(parsing: Scene.prefix + suffix)! }
        /// Its 12-digit short ID.
        var shortID: String { String(id.prefix(12)) }
    }

    /// The network's ID.
    static let networkID = Scene.id("e1")
    static let networkName = "v6net"
    static let prefix = "2001:db8:1:1::"

    /// The containers, in the engine's order.
    var containers: [Container]
    /// Who the network's inspect lists besides the labelled containers it shows attached:
    /// (ID, name, address).
    var others: [(id: String, name: String, address: String)] = []

    static let web = Container(name: "web", id: Scene.id("a1"), suffix: "a")
    static let db = Container(name: "db", id: Scene.id("b2"), suffix: "b")
    /// An unlabelled container, the holder in most refusals.
    static let intruder = (id: Scene.id("d4"), name: "intruder")

    /// A 64-digit ID repeating `seed` (hex).
    static func id(_ seed: String) -> String { String(String(repeating: seed, count: 64).prefix(64)) }

    /// `web` and `db`, not yet connected.
    static let fresh = Scene(containers: [web, db])

    /// `web` alone, connected at `current` (nil: not connected).
    static func web(at current: String?) -> Scene {
        var web = Scene.web
        web.current = current.map { prefix + $0 }
        return Scene(containers: [web])
    }

    /// The container list (`GET /containers/json`), labelled containers only, as the filter asks.
    var containersJSON: String {
        let items = containers.filter(\.labelled).map { container in
            var networks = "\"bridge\":{\"NetworkID\":\"\(Scene.id("0b"))\",\"GlobalIPv6Address\":\"\"}"
            if let current = container.current {
                networks += ",\"\(Scene.networkName)\":{\"NetworkID\":\"\(Scene.networkID)\",\"GlobalIPv6Address\":\"\(current)\"}"
            }
            return """
                {"Id":"\(container.id)","Names":["/\(container.name)"],"Labels":{"ipv6.mapper.network":"\(Scene.networkName)",\
                "ipv6.mapper.suffix":"\(container.suffix)","other":"x"},"Ports":[],"NetworkSettings":{"Networks":{\(networks)}}}
                """
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    /// The network list (`GET /networks`): the default bridge and `v6net`.
    static let networksJSON = """
        [{"Id":"\(id("0b"))","Name":"bridge","Driver":"bridge","Internal":false,"IPAM":{"Config":[{"Subnet":"172.17.0.0/16"}]}},\
        {"Id":"\(networkID)","Name":"\(networkName)","Driver":"bridge","Internal":false,\
        "IPAM":{"Config":[{"Subnet":"172.30.0.0/16"},{"Subnet":"2001:db8:1:1::/80"}]}}]
        """

    /// Podman's own network list (`GET /v4.3.1/libpod/networks/json`), the same two networks.
    static let libpodNetworksJSON = """
        [{"name":"podman","id":"\(id("0b"))","driver":"bridge","subnets":[{"subnet":"10.88.0.0/16","gateway":"10.88.0.1"}]},\
        {"name":"\(networkName)","id":"\(networkID)","driver":"bridge","internal":false,\
        "subnets":[{"subnet":"2001:db8:1:1::/80","gateway":"2001:db8:1:1::1"}]}]
        """

    /// The network's inspect (`GET /networks/<id>`): the containers attached now, and `others`.
    var inspectJSON: String { Scene.inspect(containers.compactMap { c in c.current.map { (c.id, c.name, $0) } } + others) }

    /// A network inspect listing `attached` (ID, name, address).
    static func inspect(_ attached: [(id: String, name: String, address: String)]) -> String {
        let entries = attached.map { "\"\($0.id)\":{\"Name\":\"\($0.name)\",\"IPv6Address\":\"\($0.address)/80\"}" }
        return "{\"Name\":\"\(networkName)\",\"Id\":\"\(networkID)\",\"Containers\":{\(entries.joined(separator: ","))}}"
    }

    /// Scripts the lists, the inspect (by ID), `GET /info` (Docker 28.5's, captured) and connects
    /// and disconnects that succeed.
    func script(_ engine: ScriptedEngine) throws {
        engine.answer("GET", "/containers/json", .json(containersJSON))
        engine.answer("GET", "/networks", .json(Scene.networksJSON))
        engine.answer("GET", "/networks/\(Scene.networkID)", .json(inspectJSON))
        engine.answer("GET", "/info", try .capture("docker-28.5/info.json"))
        engine.answer("POST", "/networks/\(Scene.networkID)/connect", .ok)
        engine.answer("POST", "/networks/\(Scene.networkID)/disconnect", .ok)
    }

    /// A scripted engine (Docker unless `podman` is given) answering this scene.
    func engine(podman: String? = nil) throws -> ScriptedEngine {
        let engine = podman == nil ? ScriptedEngine() : ScriptedEngine(api: "1.41", podman: podman)
        try script(engine)
        return engine
    }

    /// The connect body the tool sends for `container` at `address` (its desired one unless given).
    static func connectBody(_ container: Container, at address: String? = nil) -> String {
        "{\"Container\":\"\(container.id)\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv6Address\":\"\(address ?? container.desired.description)\"}}}"
    }

    /// The disconnect body the tool sends for `container`.
    static func disconnectBody(_ container: Container, force: Bool) -> String {
        "{\"Container\":\"\(container.id)\",\"Force\":\(force)}"
    }

    /// Podman's 500 for a list or inspect in the broken state, naming `container`'s endpoints:
    /// `(network, address)`, the default network's (no address) last.
    static func mismatch(_ shortID: String, _ endpoints: [(network: String, address: String)]) -> String {
        let entries = endpoints.map { "\($0.network):{[\($0.address)] [\(shortID)] [] eth1}" } + ["podman:{[] [\(shortID)] [] eth0}"]
        return "network inspection mismatch: asked to join \(entries.count) network(s) map[\(entries.joined(separator: " "))], but have information on 1 network(s): internal libpod error"
    }
}

/// What the run suites share: a survey of a scripted engine, and the writes it plans applied.
enum Run {
    /// Negotiates with `engine` and surveys it; exposures only when `exposures` is set.
    static func survey(_ engine: ScriptedEngine, log: LogCapture = LogCapture(), exposures: Bool = false) throws -> Survey {
        let client = try DockerEngineClient.negotiate(engine)
        return try Survey.take(client: client, policy: ReconcilePolicy(), logger: log.logger()) { _ in exposures }
    }

    /// Surveys `engine`, applies the plan's writes, and returns the result and the requests the
    /// applier made (the survey's left out).
    static func apply(
        _ engine: ScriptedEngine, fixDrift: Bool = false, log: LogCapture = LogCapture()
    ) throws -> (result: Applier.Result, requests: [ScriptedEngine.Request]) {
        let client = try DockerEngineClient.negotiate(engine)
        let survey = try Survey.take(client: client, policy: ReconcilePolicy(), logger: log.logger()) { _ in false }
        let surveyed = engine.requests.count
        let result = Applier(client: client, logger: log.logger()).apply(survey.plan.writes(fixDrift: fixDrift))
        return (result, Array(engine.requests.dropFirst(surveyed)))
    }
}

extension Applier.Result {
    /// The results by container ID (every scene has one network).
    var byContainer: [String: WriteResult] {
        Dictionary(uniqueKeysWithValues: results.map { ($0.key.containerID, $0.value) })
    }
}

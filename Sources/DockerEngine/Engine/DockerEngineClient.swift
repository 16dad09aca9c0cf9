import ReconcileCore

/// One function per Engine API operation the reconciler uses. Observation is exactly three
/// requests whatever the number of containers: `/_ping`, one container list, one network list.
public struct DockerEngineClient: Sendable {
    /// How requests travel.
    public let transport: any EngineTransporting
    /// The negotiated API version, used in every versioned path.
    public let version: APIVersion
    /// The server's own maximum API version (the ping's `Api-Version`), which says which
    /// release it is even when we speak an older version to it.
    public let serverVersion: APIVersion
    /// Which engine this is, from the ping: what the run may ask of it.
    public let product: EngineProduct

    /// Connects to the engine and negotiates the API version with `GET /_ping`, whose
    /// `Api-Version` header is the server's maximum: we use the lower of it and ours, and refuse
    /// a server below our minimum.
    public static func negotiate(_ transport: any EngineTransporting) throws(EngineError) -> DockerEngineClient {
        let response = try transport.perform(HTTPRequest(method: "GET", target: "/_ping"))
        func failure(_ cause: EngineError.Cause) -> EngineError {
            EngineError(endpoint: transport.endpoint, operation: "GET /_ping", cause: cause)
        }
        guard response.status == 200 else { throw failure(errorCause(response)) }
        guard let header = response.header("Api-Version") else { throw failure(.missingAPIVersion) }
        guard let server = APIVersion(parsing: header) else { throw failure(.unsupportedAPIVersion(server: header)) }
        guard let version = APIVersion.negotiated(server: server) else {
            throw failure(.unsupportedAPIVersion(server: server.description))
        }
        return DockerEngineClient(
            transport: transport, version: version, serverVersion: server,
            product: EngineProduct(libpodAPIVersion: response.header("Libpod-Api-Version")))
    }

    /// Wraps a transport and an already negotiated version (`serverVersion` defaults to it).
    public init(transport: any EngineTransporting, version: APIVersion, serverVersion: APIVersion? = nil, product: EngineProduct = .docker) {
        self.transport = transport
        self.version = version
        self.serverVersion = serverVersion ?? version
        self.product = product
    }

    /// The engine's address, for messages.
    public var endpoint: EngineEndpoint { transport.endpoint }

    /// `GET /info`: what the exposure verdicts need to know about the engine, as the dialect
    /// reads it. Only asked in runs that report verdicts (a no-op apply run stays at three
    /// requests).
    public func engineFacts() throws(EngineError) -> EngineFacts {
        let info = try get(path("/info")) { (body) throws(JSONReadError) in try WireModels.engineInfo(body) }
        return product.facts(info: info, apiVersion: serverVersion)
    }

    /// The labelled containers (those carrying `label`, with only their labels under
    /// `namespace` kept) and every network: two requests, whatever their numbers, with every
    /// endpoint naming its network by ID. `onFallback` hears a network list failure that the
    /// engine's own list got around.
    public func observe(
        withLabel label: String, keepingLabelsUnder namespace: String, onFallback: (EngineError) -> Void = { _ in }
    ) throws(EngineError) -> Observation {
        let containers = try listContainers(withLabel: label, keepingLabelsUnder: namespace)
        let networks = try listNetworks(onFallback: onFallback)
        return Observation(containers: EngineDialect.endpointsByNetworkID(containers, networks: networks), networks: networks)
    }

    /// The broken state `failure` reports (a half-made endpoint: see ``BrokenEndpointState``),
    /// with the inspect of each network that may hold it; nil when `failure` is something else.
    public func brokenEndpointState(after failure: EngineError) -> BrokenEndpointState? {
        guard product.isBrokenEndpointState(failure), let endpoints = EngineDialect.inspectionMismatch(failure) else { return nil }
        var inspected: [String: [NetworkAttachment]] = [:]
        for endpoint in BrokenEndpointState.candidates(endpoints, defaultNetwork: product.defaultNetworkName)
        where inspected[endpoint.network] == nil {
            inspected[endpoint.network] = try? attachments(ofNetwork: endpoint.network)
        }
        return BrokenEndpointState(failure: failure, endpoints: endpoints, inspected: inspected, defaultNetwork: product.defaultNetworkName)
    }

    /// `GET /containers/json?filters={"label":["<label>"]}`: running containers carrying `label`,
    /// with only their labels under `namespace` (e.g. `ipv6.mapper.`) kept.
    public func listContainers(withLabel label: String, keepingLabelsUnder namespace: String) throws(EngineError) -> [ObservedContainer] {
        let filters = "{\"label\":[\(jsonStringLiteral(label))]}"
        let target = path("/containers/json") + "?filters=" + HTTPRequest.percentEncodedQueryValue(filters)
        return try get(target) { (body) throws(JSONReadError) in try WireModels.containers(body, keepingLabelsUnder: namespace) }
    }

    /// `GET /networks`: every network with its IPAM configuration. When that list fails in a way
    /// the engine's dialect can get around (a half-made endpoint's broken state: see
    /// ``EngineProduct/networkListFallback(after:)``), the engine's own list answers instead: one
    /// broken container must not stop every run on the host. `onFallback` is told why.
    public func listNetworks(onFallback: (EngineError) -> Void = { _ in }) throws(EngineError) -> [ObservedNetwork] {
        do {
            return try get(path("/networks")) { (body) throws(JSONReadError) in try WireModels.networks(body) }
        } catch {
            guard let fallback = product.networkListFallback(after: error) else { throw error }
            onFallback(error)
            return try get(fallback) { (body) throws(JSONReadError) in try WireModels.libpodNetworks(body) }
        }
    }

    /// `POST /networks/{id}/connect` with the IPv6 address in the endpoint's IPAM config, or
    /// with none (the engine picks), which is only used to restore an endpoint that had none.
    /// A nonzero `gatewayPriority` (API 1.48 and later, the only engines that report one) is
    /// sent as `GwPriority`, so that a reconnect keeps the endpoint's priority.
    public func connect(container: String, toNetwork network: String, address: IPv6Address?, gatewayPriority: Int = 0) throws(EngineError) {
        var fields: [String] = []
        if let address { fields.append("\"IPAMConfig\":{\"IPv6Address\":\"\(address)\"}") }
        if gatewayPriority != 0 { fields.append("\"GwPriority\":\(gatewayPriority)") }
        let endpoint = "{" + fields.joined(separator: ",") + "}"
        let body = "{\"Container\":\(jsonStringLiteral(container)),\"EndpointConfig\":\(endpoint)}"
        try post(path("/networks/\(pathComponent(network))/connect"), body: body)
    }

    /// `POST /networks/{id}/disconnect`: not forced to repair drift; forced only to remove the
    /// endpoint an engine kept after refusing a connect this run made.
    public func disconnect(container: String, fromNetwork network: String, force: Bool = false) throws(EngineError) {
        let body = "{\"Container\":\(jsonStringLiteral(container)),\"Force\":\(force)}"
        try post(path("/networks/\(pathComponent(network))/disconnect"), body: body)
    }

    /// `GET /containers/{id}/json`: the container's configured port bindings
    /// (`HostConfig.PortBindings`). Asked only for a container whose listed ports cannot tell
    /// whether a published port will open its IPv6 address (see `ExposureRules`).
    public func portBindings(ofContainer container: String) throws(EngineError) -> [PublishedPort] {
        try get(path("/containers/\(pathComponent(container))/json")) { (body) throws(JSONReadError) in try WireModels.portBindings(body) }
    }

    /// `GET /networks/{id}`: who is attached at which IPv6 address. Asked once per network before
    /// connecting anything on it (see `Plan.checkingHolders`), before repairing drift, and on the
    /// error path of a connect, to name the holder of an address or to confirm a concurrent run's
    /// connect.
    public func attachments(ofNetwork network: String) throws(EngineError) -> [NetworkAttachment] {
        try get(path("/networks/\(pathComponent(network))")) { (body) throws(JSONReadError) in try WireModels.attachments(body) }
    }

    private func path(_ suffix: String) -> String { "/v\(version)\(suffix)" }

    /// IDs and names are `[a-zA-Z0-9_.-]`; anything else is percent-encoded so no label can
    /// rewrite the request path.
    private func pathComponent(_ text: String) -> String { HTTPRequest.percentEncodedQueryValue(text) }

    /// GETs `target` and reads its 200 body with `decode`.
    private func get<Body>(_ target: String, _ decode: ([UInt8]) throws(JSONReadError) -> Body) throws(EngineError) -> Body {
        let request = HTTPRequest(method: "GET", target: target)
        let response = try transport.perform(request)
        let operation = "GET \(target.split(separator: "?", maxSplits: 1).first ?? "")"
        guard response.status == 200 else { throw failure(operation, Self.errorCause(response)) }
        do {
            return try decode(response.body)
        } catch {
            // The start of the body often says who really answered (an HTML error page from a
            // proxy in front of the socket, say).
            let start = String(decoding: response.body.prefix(40), as: UTF8.self)
            throw failure(operation, .undecodable("\(error) (the body starts with \(quoted(start)))"))
        }
    }

    private func post(_ target: String, body: String) throws(EngineError) {
        let response = try transport.perform(HTTPRequest(method: "POST", target: target, body: Array(body.utf8)))
        guard (200..<300).contains(response.status) else { throw failure("POST \(target)", Self.errorCause(response)) }
    }

    private func failure(_ operation: String, _ cause: EngineError.Cause) -> EngineError {
        EngineError(endpoint: transport.endpoint, operation: operation, cause: cause)
    }

    /// The engine's `{"message": ...}` with the status, or the start of a non-JSON body.
    static func errorCause(_ response: HTTPResponse) -> EngineError.Cause {
        if let message = WireModels.errorMessage(response.body) {
            return .status(response.status, message: message)
        }
        return .status(response.status, message: String(decoding: response.body.prefix(200), as: UTF8.self))
    }
}

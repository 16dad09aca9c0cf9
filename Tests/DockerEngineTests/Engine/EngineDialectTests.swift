import DockerEngine
import Testing

/// What each engine says when it refuses a connect, as captured from the real engines (Docker
/// 20.10.24 and 28.5.2, Podman 4.3.1 and 5.4.2, the same requests to each), and how it is read.
@Suite struct EngineDialectTests {
    /// An error answer with `status` and `message`.
    static func refused(_ status: Int, _ message: String) -> EngineError {
        EngineError(endpoint: .unix(path: "/run/e.sock"), operation: "POST /v1.41/networks/n1/connect", cause: .status(status, message: message))
    }

    static let cases: [(status: Int, message: String, refusal: EngineDialect.ConnectRefusal)] = [
        // Already connected.
        (403, "endpoint with name ca already exists in network n1", .alreadyConnected),  // Docker 20.10 and 28.5
        (500, #"container 9595603206cecc4e316cf781ef60e46abc1f239006697ba7d29ea9ad6e1703ec is already connected to network "n1": network is already connected"#,
            .alreadyConnected),  // Podman 4.3: a 500
        (403, "container 677e27f1207367ac6e68d31e3028e69102528021558bc0e36923ca8c6fff4d42 is already connected to network n1: network is already connected",
            .alreadyConnected),  // Podman 5.4: a 403
        // The address is taken.
        (403, "Address already in use", .addressTaken(holderID: nil)),  // Docker 20.10 and 28.5
        (500, "IPAM error: requested ip address 2001:db8:40:1::5 is already allocated to container ID 9595603206cecc4e316cf781ef60e46abc1f239006697ba7d29ea9ad6e1703ec",
            .addressTaken(holderID: "9595603206cecc4e316cf781ef60e46abc1f239006697ba7d29ea9ad6e1703ec")),  // Podman 4.3 and 5.4: holder named
        // Outside the subnets.
        (500, "Invalid address 2001:db8:99::5: It does not belong to any of this network's subnets", .outsideSubnets),  // Docker 20.10
        (400, "invalid endpoint settings:\nno configured subnet or ip-range contain the IP address 2001:db8:99::5", .outsideSubnets),  // Docker 28.5
        (500, "requested static ip 2001:db8:99::5 not in any subnet on network n1", .outsideSubnets),  // Podman 5.4
        // The container went away.
        (404, "No such container: nonexistent", .noSuchContainer),  // Docker
        (404, #"no container with name or ID "nonexistent" found: no such container"#, .noSuchContainer),  // Podman
        // Anything else is the engine's own words.
        (500, "netavark: : EOF", .other),  // Podman's answer to a disconnect that did clear
        (403, "forbidden by policy", .other),  // an authorization plugin
        (404, "network n1 not found", .other),  // a 404 that is not about the container
    ]

    @Test(arguments: cases)
    func readsRefusal(status: Int, message: String, refusal: EngineDialect.ConnectRefusal) {
        #expect(EngineDialect.connectRefusal(Self.refused(status, message)) == refusal)
    }

    /// A transport failure is no refusal.
    @Test func timeoutIsNoRefusal() {
        let error = EngineError(endpoint: .unix(path: "/run/e.sock"), operation: "POST /x", cause: .timeout(seconds: 1))
        #expect(EngineDialect.connectRefusal(error) == nil)
    }

    /// Only Podman keeps an endpoint it refused, and only for an address it could not give.
    @Test(arguments: [
        (EngineDialect.ConnectRefusal.addressTaken(holderID: "ab"), true, true),
        (.outsideSubnets, true, true),
        (.other, true, true),
        (.alreadyConnected, true, false),  // the endpoint is the real one: never disconnect it
        (.noSuchContainer, true, false),
        (.addressTaken(holderID: nil), false, false),  // Docker keeps nothing
    ])
    func refusalLeavesEndpoint(refusal: EngineDialect.ConnectRefusal, podman: Bool, leaves: Bool) {
        let product = podman ? EngineProduct.podman(version: "4.3.1") : .docker
        #expect(product.refusalLeavesEndpoint(refusal) == leaves)
    }

    /// Podman's broken list, as 4.3.1 and 5.4.2 wrote it: every endpoint of the map, in order.
    @Test(arguments: [
        // Podman 4.3.1
        #"network inspection mismatch: asked to join 2 network(s) map[n1:{[2001:db8:40:1::5] [8a0940bdf546] [] eth1} podman:{[] [8a0940bdf546] [] eth0}], but have information on 1 network(s): internal libpod error"#,
        // Podman 5.4.2: a fifth field
        #"network inspection mismatch: asked to join 2 network(s) map[n1:{[2001:db8:40:1::5] [8a0940bdf546] [] eth1 map[]} podman:{[] [8a0940bdf546] [] eth0 map[]}], but have information on 1 network(s): internal libpod error"#,
    ])
    func readsInspectionMismatch(message: String) throws {
        let endpoints = try #require(EngineDialect.inspectionMismatch(Self.refused(500, message)))
        #expect(endpoints.map(\.network) == ["n1", "podman"])
        #expect(endpoints.map(\.containerID) == ["8a0940bdf546", "8a0940bdf546"])
        #expect(endpoints.map(\.addresses) == [["2001:db8:40:1::5"], []])
    }

    /// Other failures are not a mismatch; a mismatch whose map cannot be read is one with no
    /// endpoint named.
    @Test func otherFailuresAreNoMismatch() {
        #expect(EngineDialect.inspectionMismatch(Self.refused(500, "something else")) == nil)
        #expect(EngineDialect.inspectionMismatch(Self.refused(400, "network inspection mismatch: asked to join map[n1:{[a] [b]}]")) == nil)
        #expect(EngineDialect.inspectionMismatch(Self.refused(500, "network inspection mismatch: asked to join 2 network(s)")) == [])
    }
}

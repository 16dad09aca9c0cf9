#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import DockerEngine
import EngineCaptures
import ReconcileCore
import Testing

/// Decoding the engine's JSON (captured from Docker 20.10, see Tests/EngineCaptures/Captures/README.md, and edited
/// variants of it for what that engine does not send but the API allows) and mapping it into the
/// domain models; error bodies.
@Suite struct WireModelsTests {
    // IDs in the captures.
    static let cacheID = "53be78e03b884b9c35b83c86488bbaa90873913f471b5e91c735301ba5b1e18f"
    static let webID = "75d901552800ee67ca78888df6bbb1105ed2fbb573efa17eccc431549218b927"
    static let dbID = "e40624adb0c3e3ecd43ce709d17b43a760b9acd65f661c0863cbf93539c8d566"
    static let bridgeID = "d6502fa4b38e0d65eae9902b5776f33d45b7709e7c63c23d0cd6bd1fab11ad9e"
    static let v6firstID = "e3462370fe1049c7b943b1c7a2f176d461c03a6db16eaa01cae5a47e07cfcf0c"
    static let v4firstID = "0597675ff3104560ba7e7d1bd6386b4a8d0e11f5408fa50434c5a9cdca6edc30"

    /// A container list read with every label kept.
    static func containers(_ json: String) throws -> [ObservedContainer] {
        try WireModels.containers(Array(json.utf8), keepingLabelsUnder: nil)
    }

    /// A network list.
    static func networks(_ json: String) throws -> [ObservedNetwork] {
        try WireModels.networks(Array(json.utf8))
    }

    /// What the three captured containers must map to.
    static let capturedContainers = [
        ObservedContainer(
            id: cacheID, name: "cache", labels: [:],  // "Labels": {} on an unlabelled container
            endpoints: [ObservedEndpoint(networkID: v6firstID, ipv6Address: "2001:db8:1:1::2")]),
        ObservedContainer(
            id: webID, name: "web",
            labels: ["ipv6-reconcile": "v6first", "ipv6-reconcile.v6first.suffix": "ab:cd:56"],
            endpoints: [  // sorted by network ID, whatever the JSON's key order
                ObservedEndpoint(networkID: v4firstID, ipv6Address: "2001:db8:2::1"),
                ObservedEndpoint(networkID: bridgeID, ipv6Address: ""),  // IPv4-only bridge: ""
                ObservedEndpoint(networkID: v6firstID, ipv6Address: "2001:db8:1:1:0:ab:cd:56"),
            ]),
        ObservedContainer(
            id: dbID, name: "db", labels: ["ipv6-reconcile": "v6first"],  // Names ["/db", "/web/db"]
            endpoints: [ObservedEndpoint(networkID: bridgeID, ipv6Address: "")]),
    ]

    // MARK: - Captured from Docker 20.10

    /// The real container list decodes (dozens of unknown fields ignored, `"IPAMConfig": null`
    /// and `{}` alike) and maps to the expected domain values.
    @Test func decodesCapturedContainerList() throws {
        #expect(try WireModels.containers(Capture.bytes("docker-20.10/containers-json.json"), keepingLabelsUnder: nil) == Self.capturedContainers)
    }

    /// The real network list: empty `Config` arrays, an IPv4-only bridge, IPv4 pools listed
    /// before IPv6 ones, a Gateway only where one was given.
    @Test func decodesCapturedNetworkList() throws {
        #expect(try WireModels.networks(Capture.bytes("docker-20.10/networks.json")) == [
            ObservedNetwork(id: "4651d99f897b9d894884d6aa83062c8cf15259fcf5825e6c9c89619a667d59f3", name: "none", ipamPools: [], driver: "null"),
            ObservedNetwork(id: "1986d021f04ab8eda8bc28f3bb174957ca29c23f78a93f04d6989b42a14157e6", name: "host", ipamPools: [], driver: "host"),
            ObservedNetwork(id: Self.bridgeID, name: "bridge",
                ipamPools: [IPAMPool(subnet: "198.19.255.0/24", gateway: "198.19.255.1")]),
            ObservedNetwork(id: Self.v6firstID, name: "v6first",
                ipamPools: [IPAMPool(subnet: "172.30.0.0/16"), IPAMPool(subnet: "2001:db8:1:1::/80")]),
            ObservedNetwork(id: Self.v4firstID, name: "v4first",
                ipamPools: [IPAMPool(subnet: "172.31.0.0/16"), IPAMPool(subnet: "2001:db8:2::/64", gateway: "2001:db8:2::fffe")]),
        ])
    }

    /// The real network inspect: attached containers with their addresses, prefix length included.
    @Test func decodesCapturedNetworkInspect() throws {
        let attachments = try WireModels.attachments(Capture.bytes("docker-20.10/networks-v6first.json"))
        #expect(attachments == [
            NetworkAttachment(containerID: Self.cacheID, containerName: "cache", address: IPv6Address(parsing: "2001:db8:1:1::2")),
            NetworkAttachment(containerID: Self.webID, containerName: "web", address: IPv6Address(parsing: "2001:db8:1:1:0:ab:cd:56")),
        ])
    }

    /// Only labels under the namespace are kept: a host's other labels are none of ours.
    @Test func keepsOnlyLabelsUnderTheNamespace() throws {
        let kept = try WireModels.containers(Capture.bytes("docker-20.10/containers-json.json"), keepingLabelsUnder: "ipv6-reconcile.")
        #expect(kept.map(\.labels) == [[:], ["ipv6-reconcile.v6first.suffix": "ab:cd:56"], [:]])
    }

    /// The real chunked list response, parsed one byte at a time, decodes to the labelled two.
    @Test func capturedChunkedListResponseEndToEnd() throws {
        var parser = HTTPResponseParser()
        var response: HTTPResponse?
        for byte in try Capture.bytes("docker-20.10/containers-json-filtered.http") where response == nil {
            response = try parser.consume(CollectionOfOne(byte))
        }
        let complete = try #require(response)
        #expect(complete.status == 200)
        #expect(complete.header("transfer-encoding") == "chunked")
        #expect(complete.body.count == 0xa43)
        #expect(try WireModels.containers(complete.body, keepingLabelsUnder: nil) == Array(Self.capturedContainers[1...]))
    }

    /// The real ping: its Api-Version header negotiates 1.41.
    @Test func capturedPingNegotiates141() throws {
        var parser = HTTPResponseParser()
        let response = try #require(try parser.consume(Capture.bytes("docker-20.10/ping.http")))
        #expect(response.status == 200)
        #expect(response.body == Array("OK".utf8))
        let server = try #require(response.header("Api-Version").flatMap(APIVersion.init(parsing:)))
        #expect(APIVersion.negotiated(server: server) == APIVersion(major: 1, minor: 41))
    }

    /// The real 404: the engine's message, without the JSON around it.
    @Test func capturedNotFoundGivesTheMessage() throws {
        var parser = HTTPResponseParser()
        let response = try #require(try parser.consume(Capture.bytes("docker-20.10/networks-nosuch.http")))
        #expect(DockerEngineClient.errorCause(response) == .status(404, message: "network nosuch not found"))
    }

    // MARK: - Edited variants: what the API allows beyond what 20.10 sent

    /// One container summary with `names`, `labels` and `networks` spliced in as JSON text.
    static func container(names: String = #"["/db"]"#, labels: String = "{}", settings: String = #"{"Networks":{}}"#) -> String {
        #"[{"Id":"c1","Names":\#(names),"Labels":\#(labels),"NetworkSettings":\#(settings)}]"#
    }

    /// Container JSON the mapping must accept, and the domain value for each.
    static let containerVariants: [(json: String, expected: ObservedContainer)] = [
        (container(names: #"["/web/db", "/db"]"#),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [])),  // link alias listed first
        (container(names: #"["/db", "/web/db", "/api/database"]"#),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [])),  // several aliases
        (container(names: "null"),
            ObservedContainer(id: "c1", name: "", labels: [:], endpoints: [])),  // Names null
        (container(names: "[]"),
            ObservedContainer(id: "c1", name: "", labels: [:], endpoints: [])),  // no names
        (container(names: #"["db"]"#),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [])),  // no leading slash
        (container(names: #"["/a/b"]"#),
            ObservedContainer(id: "c1", name: "a/b", labels: [:], endpoints: [])),  // only an alias: the first, as is
        (container(names: #"["/café"]"#),
            ObservedContainer(id: "c1", name: "café", labels: [:], endpoints: [])),  // raw UTF-8
        (container(names: #"["/caf\u00e9"]"#),
            ObservedContainer(id: "c1", name: "café", labels: [:], endpoints: [])),  // escaped BMP scalar
        (container(names: #"["/\ud83d\ude80"]"#),
            ObservedContainer(id: "c1", name: "🚀", labels: [:], endpoints: [])),  // escaped surrogate pair
        (container(names: #"["/a\u0000b"]"#),
            ObservedContainer(id: "c1", name: "a\u{0}b", labels: [:], endpoints: [])),  // escaped NUL: kept
        (container(labels: "null"),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [])),  // Labels null
        (container(labels: #"{"ipv6-reconcile":"v6","x":""}"#),
            ObservedContainer(id: "c1", name: "db", labels: ["ipv6-reconcile": "v6", "x": ""], endpoints: [])),  // empty value
        (container(settings: "null"),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [])),  // NetworkSettings null
        (container(settings: #"{"Networks":null}"#),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [])),  // Networks null
        (container(settings: "{}"),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [])),  // Networks missing
        (container(settings: #"{"Networks":{"a":null,"b":{"NetworkID":"n2","GlobalIPv6Address":"2001:db8::2"}}}"#),
            ObservedContainer(id: "c1", name: "db", labels: [:],
                endpoints: [ObservedEndpoint(networkID: "n2", ipv6Address: "2001:db8::2")])),  // a null endpoint skipped
        (container(settings: #"{"Networks":{"a":{"NetworkID":"","GlobalIPv6Address":"2001:db8::1"},"b":{"GlobalIPv6Address":"2001:db8::1"}}}"#),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [])),  // empty or missing NetworkID skipped
        (container(settings: #"{"Networks":{"a":{"NetworkID":"n1"},"b":{"NetworkID":"n2","GlobalIPv6Address":null}}}"#),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [
                ObservedEndpoint(networkID: "n1", ipv6Address: ""), ObservedEndpoint(networkID: "n2", ipv6Address: ""),
            ])),  // missing or null address: ""
        (container(settings: #"{"Networks":{"z":{"NetworkID":"n3"},"y":{"NetworkID":"n1"},"x":{"NetworkID":"n2"}}}"#),
            ObservedContainer(id: "c1", name: "db", labels: [:], endpoints: [
                ObservedEndpoint(networkID: "n1", ipv6Address: ""), ObservedEndpoint(networkID: "n2", ipv6Address: ""),
                ObservedEndpoint(networkID: "n3", ipv6Address: ""),
            ])),  // sorted by network ID, not by name
        (#"[{"Id":"c1","Names":["/db"],"Future":{"nested":[1,null,true]},"NetworkSettings":{"Extra":1,"Networks":{"a":{"NetworkID":"n1","New":[]}}}}]"#,
            ObservedContainer(id: "c1", name: "db", labels: [:],
                endpoints: [ObservedEndpoint(networkID: "n1", ipv6Address: "")])),  // unknown fields at every level ignored
        (#"[{"Id":"c1"}]"#,
            ObservedContainer(id: "c1", name: "", labels: [:], endpoints: [])),  // only the ID
    ]

    /// Each variant maps to the expected container.
    @Test(arguments: containerVariants)
    func mapsContainerVariant(json: String, expected: ObservedContainer) throws {
        #expect(try Self.containers(json) == [expected])
    }

    /// Which kind of read error, as text, so that tables can state it.
    static func failureKind(_ bytes: [UInt8]) -> String {
        do throws(JSONReadError) {
            _ = try WireModels.containers(bytes, keepingLabelsUnder: nil)
            return "decoded"
        } catch {
            switch error {
            case .truncated: return "truncated"
            case .unexpected: return "unexpected"
            case .invalidUTF8: return "invalidUTF8"
            case .controlCharacter: return "controlCharacter"
            case .invalidEscape: return "invalidEscape"
            case .invalidNumber: return "invalidNumber"
            case .tooDeep: return "tooDeep"
            case .wrongType(let field, _): return "wrongType \(field)"
            case .missingField(let field): return "missingField \(field)"
            }
        }
    }

    /// Container list bodies that must fail to read (with a JSONReadError, never a trap), and
    /// which kind. Docker's Go encoder never writes a lone surrogate or invalid UTF-8 (it writes
    /// U+FFFD instead), so these come only from something that is not the engine; failing the whole
    /// list is the pinned behaviour.
    static let undecodable: [(bytes: [UInt8], kind: String)] = [
        (Array(container(names: #"["/a\ud800b"]"#).utf8), "invalidEscape"),  // lone high surrogate
        (Array(container(names: #"["/a\udc00"]"#).utf8), "invalidEscape"),  // lone low surrogate
        (Array(container(names: #"["/a\udc00\ud800"]"#).utf8), "invalidEscape"),  // pair in the wrong order
        (Array(container(names: #"["/\ud800"]"#).utf8), "invalidEscape"),  // high surrogate at the end
        (Array(container(names: #"["/\uZZZZ"]"#).utf8), "invalidEscape"),  // not hex
        (Array(container(names: #"["/\x41"]"#).utf8), "invalidEscape"),  // no such escape
        (Array(#"[{"Id":"c1","Names":["/a"#.utf8) + [0xff] + Array(#""]}]"#.utf8), "invalidUTF8"),  // raw 0xFF
        (Array(#"[{"Id":"c1","Names":["/a"#.utf8) + [0xed, 0xa0, 0x80] + Array(#""]}]"#.utf8),
            "invalidUTF8"),  // a surrogate encoded as UTF-8 (CESU-8)
        (Array(#"[{"Id":"c1","Names":["/a"#.utf8) + [0xc0, 0xaf] + Array(#""]}]"#.utf8), "invalidUTF8"),  // overlong
        (Array(#"[{"Id":"c1","Names":["/a\n"#.utf8) + [0xff] + Array(#""]}]"#.utf8), "invalidUTF8"),  // after an escape too
        (Array("[{\"Id\":\"c1\",\"Names\":[\"/a\nb\"]}]".utf8), "controlCharacter"),  // raw newline in a string
        (Array("".utf8), "truncated"),  // empty body
        (Array("[{\"Id\":\"c1\"}".utf8), "truncated"),  // truncated
        (Array("[{\"Id\":\"c1\"}] x".utf8), "unexpected"),  // trailing garbage
        (Array("[{\"Id\":\"c1\",\"Size\":01}]".utf8), "unexpected"),  // a skipped number with a leading zero
        (Array("[{\"Id\":\"c1\",\"Size\":-}]".utf8), "invalidNumber"),  // a skipped number without digits
        (Array("[{\"Id\":\"c1\",\"Ok\":tru}]".utf8), "unexpected"),  // a skipped literal cut short
        (Array(("[{\"Id\":\"c1\",\"Deep\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}]").utf8),
            "tooDeep"),  // nesting that would be a stack hazard
        (Array(#"[{"Names":["/db"]}]"#.utf8), "missingField Id"),  // no Id
        (Array(#"[{"Id":null}]"#.utf8), "wrongType Id"),  // Id null
        (Array(#"[{"Id":"c1","Labels":{"a":1}}]"#.utf8), "unexpected"),  // a label value that is not a string
        (Array(#"[{"Id":"c1","Names":"/db"}]"#.utf8), "unexpected"),  // Names not an array
        (Array(#"{"Id":"c1"}"#.utf8), "unexpected"),  // an object where the list should be
    ]

    /// Each undecodable body fails with the expected kind of read error, described on one line.
    @Test(arguments: undecodable)
    func refusesUndecodableList(bytes: [UInt8], kind: String) {
        #expect(Self.failureKind(bytes) == kind)
        #expect(throws: JSONReadError.self) { try WireModels.containers(bytes, keepingLabelsUnder: nil) }
    }

    /// One network summary with `ipam` spliced in as JSON text.
    static func network(ipam: String) -> String { #"[{"Id":"n1","Name":"v6net","IPAM":\#(ipam)}]"# }

    /// Network JSON the mapping must accept, and its pools.
    static let networkVariants: [(json: String, pools: [IPAMPool])] = [
        (network(ipam: #"{"Config":[{"Subnet":"2001:db8:1:1::/80"},{"Subnet":"172.20.0.0/16","Gateway":"172.20.0.1"}]}"#),
            [IPAMPool(subnet: "2001:db8:1:1::/80"), IPAMPool(subnet: "172.20.0.0/16", gateway: "172.20.0.1")]),  // IPv6 first: order kept
        (network(ipam: #"{"Config":[{"Subnet":"172.20.0.0/16"},{"Subnet":"2001:db8:1:1::/80","Gateway":"2001:db8:1:1::1"}]}"#),
            [IPAMPool(subnet: "172.20.0.0/16"), IPAMPool(subnet: "2001:db8:1:1::/80", gateway: "2001:db8:1:1::1")]),  // IPv4 first, as 20.10 lists
        (network(ipam: #"{"Driver":"default","Options":null,"Config":null}"#), []),  // Config null
        (network(ipam: "null"), []),  // IPAM null
        (network(ipam: "{}"), []),  // Config missing
        (network(ipam: #"{"Config":[null,{"Subnet":"2001:db8::/64"},null]}"#),
            [IPAMPool(subnet: "2001:db8::/64")]),  // null entries skipped
        (network(ipam: #"{"Config":[{"Subnet":""},{"Gateway":"2001:db8::1"},{"Subnet":null}]}"#), []),  // entries without a subnet skipped
        (network(ipam: #"{"Config":[{"Subnet":"2001:db8::/64","Gateway":null,"IPRange":"2001:db8::/80","AuxiliaryAddresses":{"a":"2001:db8::9"}}]}"#),
            [IPAMPool(subnet: "2001:db8::/64")]),  // Gateway null; other IPAM fields ignored
        (network(ipam: #"{"Config":[{"Subnet":"not a subnet","Gateway":"nor a gateway"}]}"#),
            [IPAMPool(subnet: "not a subnet", gateway: "nor a gateway")]),  // text is kept for the core to judge
    ]

    /// Each variant maps to the expected pools, in the engine's order.
    @Test(arguments: networkVariants)
    func mapsNetworkVariant(json: String, pools: [IPAMPool]) throws {
        #expect(try Self.networks(json) == [ObservedNetwork(id: "n1", name: "v6net", ipamPools: pools)])
    }

    /// A network without a name maps to an empty name; one without an ID does not decode.
    @Test func networkNameIsOptionalIDIsNot() throws {
        #expect(try Self.networks(#"[{"Id":"n1"}]"#) == [ObservedNetwork(id: "n1", name: "", ipamPools: [])])
        #expect(throws: JSONReadError.missingField("Id")) { try Self.networks(#"[{"Name":"x"}]"#) }
    }

    // MARK: - Error bodies

    /// Error responses and the cause each gives.
    static let errorBodies: [(status: Int, body: [UInt8], message: String)] = [
        (404, Array(#"{"message":"network nosuch not found"}"#.utf8), "network nosuch not found"),  // the engine's form
        (409, Array(#"{"message":"Address already in use","extra":1}"#.utf8), "Address already in use"),  // extra field
        (500, Array("404 page not found\n".utf8), "404 page not found\n"),  // not JSON: the text itself
        (502, [], ""),  // empty body
        (400, Array(#"{"message":null}"#.utf8), #"{"message":null}"#),  // message null: the raw body
        (400, Array(#"{"error":"x"}"#.utf8), #"{"error":"x"}"#),  // other JSON: the raw body
        (400, Array(#"["message"]"#.utf8), #"["message"]"#),  // a JSON array: the raw body
        (400, Array(#"{"message":"a\nb"}"#.utf8), "a\nb"),  // a multi-line message is kept (EngineError flattens it)
        (400, Array(#"{"message":"\ud800"}"#.utf8), #"{"message":"\ud800"}"#),  // invalid JSON escape: the raw body
        (500, Array(repeating: UInt8(ascii: "x"), count: 300), String(repeating: "x", count: 200)),  // cut at 200 bytes
        (500, Array(repeating: UInt8(ascii: "x"), count: 199) + Array("é".utf8),
            String(repeating: "x", count: 199) + "\u{fffd}"),  // a cut through a scalar becomes U+FFFD
        (500, [0xff, 0xfe], "\u{fffd}\u{fffd}"),  // not UTF-8 at all
    ]

    /// Each error body gives `.status(status, message:)` with the expected message.
    @Test(arguments: errorBodies)
    func errorCauseFromBody(status: Int, body: [UInt8], message: String) {
        let response = HTTPResponse(status: status, headers: [], body: body)
        #expect(DockerEngineClient.errorCause(response) == .status(status, message: message))
    }

    /// Whatever the engine's message holds, the error renders as one line.
    @Test func statusErrorRendersOnOneLine() {
        let response = HTTPResponse(status: 400, headers: [], body: Array(#"{"message":"line one\nline two\r\u001b[2J"}"#.utf8))
        let error = EngineError(endpoint: .defaultEndpoint, operation: "POST /v1.41/networks/n/connect",
            cause: DockerEngineClient.errorCause(response))
        #expect(error.description
            == "POST /v1.41/networks/n/connect on unix:///var/run/docker.sock: engine answered 400: line one line two  [2J")
        #expect(error.status == 400)
        #expect(error.message == "line one\nline two\r\u{1b}[2J")
    }
}

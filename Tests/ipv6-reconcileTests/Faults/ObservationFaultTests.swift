import Foundation
import Testing

/// One way the engine fails while the tool observes (ping, container list, network list).
struct ObservationFault: Sendable, CustomTestStringConvertible {
    /// A short name for the test list.
    let name: String
    /// The fault and the request it hits.
    let rule: FaultRule
    /// The path the failing operation must name (the tool names it with its API version).
    let path: String
    /// What the cause in the error line must say.
    let cause: String

    /// The name shown for this argument.
    var testDescription: String { name }

    /// Whether the fault is about the deadline (the answer is late or never comes).
    var isSlow: Bool { cause.contains("--timeout") }

    /// `--timeout`: 1 s where the deadline is the point; else the harness's generous default, so
    /// that a pass-through request on a loaded engine cannot time out before the fault fires.
    var timeoutArguments: [String] { isSlow ? ["--timeout", "1"] : [] }

    /// The faults; the slow ones delay or withhold the answer past `--timeout 1`.
    static let all: [ObservationFault] = [
        ObservationFault(
            name: "ping never answered", rule: FaultRule("GET", .contains("/_ping"), .neverAnswer),
            path: "/_ping", cause: "no complete answer within 1 s (--timeout)"),
        ObservationFault(
            name: "container list never answered", rule: FaultRule("GET", .contains("/containers/json"), .neverAnswer),
            path: "/containers/json", cause: "no complete answer within 1 s (--timeout)"),
        ObservationFault(
            name: "ping answered one byte every 100 ms", rule: FaultRule("GET", .contains("/_ping"), .trickle(interval: 0.1)),
            path: "/_ping", cause: "no complete answer within 1 s (--timeout)"),
        ObservationFault(
            name: "network list delayed 3 s", rule: FaultRule("GET", .hasSuffix("/networks"), .delay(seconds: 3)),
            path: "/networks", cause: "no complete answer within 1 s (--timeout)"),
        ObservationFault(
            name: "container list closed mid-headers", rule: FaultRule("GET", .contains("/containers/json"), .closeMidHeaders),
            path: "/containers/json", cause: "bad HTTP response: connection closed during the headers"),
        ObservationFault(
            name: "network list closed mid-body", rule: FaultRule("GET", .hasSuffix("/networks"), .closeMidBody),
            path: "/networks", cause: "bad HTTP response: connection closed during the body"),
        ObservationFault(
            name: "container list chunked, cut before the last chunk",
            rule: FaultRule("GET", .contains("/containers/json"), .truncateChunked),
            path: "/containers/json", cause: "bad HTTP response: connection closed during the chunked body"),
        ObservationFault(
            name: "network list chunked, cut before the last chunk",
            rule: FaultRule("GET", .hasSuffix("/networks"), .truncateChunked),
            path: "/networks", cause: "bad HTTP response: connection closed during the chunked body"),
        ObservationFault(
            name: "network list answered 200 with garbage",
            rule: FaultRule("GET", .hasSuffix("/networks"), .respond(status: 200, body: "<html>proxy says hi</html>")),
            path: "/networks", cause: "unexpected response body: unexpected JSON: '<' at byte 0 where an array belongs (the body starts with \"<html>proxy says hi</html>\")"),
        ObservationFault(
            name: "container list answered 200 with the wrong JSON",
            rule: FaultRule("GET", .contains("/containers/json"), .respond(status: 200, body: "{\"not\":\"a list\"}")),
            path: "/containers/json", cause: "unexpected response body: unexpected JSON: '{' at byte 0 where an array belongs"),
        ObservationFault(
            name: "container list answered 500",
            rule: FaultRule("GET", .contains("/containers/json"), .respond(status: 500, body: "{\"message\":\"containerd is down\"}")),
            path: "/containers/json", cause: "engine answered 500: containerd is down"),
        ObservationFault(
            name: "network list answered 500",
            rule: FaultRule("GET", .hasSuffix("/networks"), .respond(status: 500, body: "{\"message\":\"network store broken\"}")),
            path: "/networks", cause: "engine answered 500: network store broken"),
    ]
}

/// Faults while observing: whatever the engine does wrong before the plan exists, the run exits 69
/// with one stderr line naming the proxy's socket, the operation and the cause, within the
/// deadline; it writes nothing (an incomplete view must never drive a write); and the next run
/// straight at the engine converges.
@Suite("Faults while observing", .needsEngine)
struct ObservationFaultTests {
    /// One fault on one observation request: exit 69, one line, in time, nothing written, then a
    /// clean run converges.
    @Test("observation fault: exit 69, one line, bounded, no writes, next run converges", arguments: ObservationFault.all)
    func observationFault(_ fault: ObservationFault) async throws {
        try await EngineFixture.with { fixture in
            let scene = try await FaultScene.make(fixture)
            let tool = FaultTool(fixture)
            try await FaultProxy.with(engineHost: fixture.environment.dockerHost, rules: [fault.rule]) { proxy in
                let run = try await tool.run(host: proxy.url, fault.timeoutArguments)
                #expect(run.status == 69, "\(run)")
                // The proxy saw the operation the error must name, with the negotiated version.
                let operation = try #require(proxy.faultedOperations.first, "the fault never fired: \(proxy.requests) \(run)")
                #expect(proxy.faultedOperations.count == 1, "\(proxy.requests)")
                #expect(operation.hasSuffix(fault.path), "\(operation)")
                expectFatalLine(run, operation: operation, endpoint: proxy.url, cause: fault.cause)
                if fault.isSlow {
                    // 1 s of --timeout, plus process start and the requests before the fault.
                    #expect(run.seconds < 5, "the deadline must hold: \(run)")
                    // The tool gave up and closed the connection; it did not just outlive the proxy.
                    #expect(await eventually { proxy.observations.contains { $0.hasPrefix("client hung up") } }, "\(proxy.observations)")
                }
                #expect(proxy.count("POST", .contains("/")) == 0, "no write after a failed observation: \(proxy.requests)")
            }
            #expect(try await scene.attached(fixture).isEmpty, "nothing may be connected after a failed observation")

            let next = try await tool.run(host: fixture.environment.dockerHost)
            #expect(next.status == 0, "\(next)")
            #expect(try await scene.attached(fixture) == scene.converged)
        }
    }
}

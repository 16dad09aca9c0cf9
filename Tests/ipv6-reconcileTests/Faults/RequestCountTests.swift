import Foundation
import Testing

/// What each kind of run asks the engine, counted by a pass-through proxy in front of the real
/// engine: exposure verdicts need `GET /info`, and only the runs that show a verdict or make an
/// address may pay for it. The timer's no-op run stays at three requests.
@Suite("Requests per run")
struct RequestCountTests {
    /// The operations the proxy saw, without the version prefix (`GET /_ping`, `GET /info`, ...).
    static func operations(_ proxy: FaultProxy) -> [String] {
        proxy.requests.map { record in
            record.operation.replacingOccurrences(of: #"/v1\.\d+/"#, with: "/", options: .regularExpression)
        }
    }

    @Test("connect run: ping, lists, /info, connect; no-op run: exactly 3; dry run and JSON: 4")
    func requestCounts() async throws {
        try await EngineFixture.with { fixture in
            let scene = try await FaultScene.make(fixture, roles: ["a"])
            let tool = FaultTool(fixture)
            let observe = ["GET /_ping", "GET /containers/json", "GET /networks"]

            let connecting = try await FaultProxy.with(engineHost: fixture.environment.dockerHost, rules: []) { proxy in
                let run = try await tool.run(host: proxy.url)
                #expect(run.status == 0, "\(run)")
                return Self.operations(proxy)
            }
            #expect(connecting == observe + ["GET /info", "POST /networks/\(scene.network.id)/connect"], "\(connecting)")

            for (arguments, expected) in [
                ([String](), observe),  // the timer's run: in sync, so no verdict is needed
                (["--dry-run"], observe + ["GET /info"]),  // the dry run shows verdicts
                (["--output", "json"], observe + ["GET /info"]),  // so does every JSON document
            ] {
                let seen = try await FaultProxy.with(engineHost: fixture.environment.dockerHost, rules: []) { proxy in
                    let run = try await tool.run(host: proxy.url, arguments)
                    #expect(run.status == 0, "\(arguments): \(run)")
                    return Self.operations(proxy)
                }
                #expect(seen == expected, "\(arguments): \(seen)")
            }
        }
    }

    /// A run that needs the verdict and cannot get it stops like any broken observation: one
    /// error line naming `GET /info`, exit 69, and no write.
    @Test("GET /info answered 500: exit 69, one error line, nothing written")
    func infoFails() async throws {
        try await EngineFixture.with { fixture in
            _ = try await FaultScene.make(fixture, roles: ["a"])
            let tool = FaultTool(fixture)
            let rule = FaultRule("GET", .hasSuffix("/info"), .respond(status: 500, body: #"{"message":"info is broken"}"#))
            try await FaultProxy.with(engineHost: fixture.environment.dockerHost, rules: [rule]) { proxy in
                let run = try await tool.run(host: proxy.url)
                let operation = try #require(proxy.faultedOperations.first, "\(proxy.requests)")
                expectFatalLine(run, operation: operation, endpoint: proxy.url, cause: "500")
                #expect(run.output.status == 69, "\(run)")
                #expect(proxy.count("POST", .contains("/")) == 0, "no write without a verdict: \(proxy.requests)")
            }
        }
    }
}

import Foundation
import Testing

/// What each kind of run asks the engine, counted by a pass-through proxy in front of the real
/// engine: exposure verdicts need `GET /info`, and only the runs that show a verdict or make an
/// address may pay for it. The timer's no-op run stays at three requests.
@Suite("Requests per run", .needsEngine)
struct RequestCountTests {
    /// The operations the proxy saw, without the version prefix (`GET /_ping`, `GET /info`, ...).
    static func operations(_ proxy: FaultProxy) -> [String] {
        proxy.requests.map { record in
            record.operation.replacingOccurrences(of: #"/v1\.\d+/"#, with: "/", options: .regularExpression)
        }
    }

    @Test("connect run: ping, lists, network inspect, /info, connect; no-op run: exactly 3; dry run and JSON: 4")
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
            #expect(connecting == observe + ["GET /networks/\(scene.network.id)", "GET /info", "POST /networks/\(scene.network.id)/connect"],
                "\(connecting)")

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

    /// `--check` surveys as a dry run does, including the inspect of a network it would connect
    /// on, and writes nothing, with a container left to connect.
    @Test("--check with a container to connect: ping, lists, network inspect, /info; no write")
    func checkMakesNoWrite() async throws {
        try await EngineFixture.with { fixture in
            let scene = try await FaultScene.make(fixture, roles: ["a"])
            let tool = FaultTool(fixture)
            let seen = try await FaultProxy.with(engineHost: fixture.environment.dockerHost, rules: []) { proxy in
                let run = try await tool.run(host: proxy.url, ["--check", "--output", "json"])
                #expect(run.output.stdout.contains(#""id":"container.action","status":"info""#), "\(run)")
                return Self.operations(proxy)
            }
            #expect(seen == ["GET /_ping", "GET /containers/json", "GET /networks", "GET /networks/\(scene.network.id)", "GET /info"], "\(seen)")
            #expect(!(try await fixture.isAttached(scene.containers[0], to: scene.network)), "the check connected nothing")
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

    /// An unlabelled container holds one labelled container's address: the network's inspect
    /// before connecting finds it, so the connect the engine would refuse is never sent (Podman
    /// keeps a half-made endpoint after refusing one), the other container is connected, and the
    /// run exits 3; so do the next five, each without a write for the held address.
    @Test("address held by an unlabelled container: found before any write, on every run")
    func heldAddressNeverConnected() async throws {
        try await EngineFixture.with { fixture in
            let scene = try await FaultScene.make(fixture, roles: ["a", "b"])
            let held = scene.containers[0]
            let holder = try await fixture.runContainer("holder")
            try await fixture.connectByHand(holder.name, to: scene.network.name, ip6: scene.addresses[held.name]!)
            let tool = FaultTool(fixture)
            for index in 0..<6 {
                try await FaultProxy.with(engineHost: fixture.environment.dockerHost, rules: []) { proxy in
                    let run = try await tool.run(host: proxy.url)
                    #expect(run.status == 3, "run \(index): \(run)")
                    #expect(proxy.count("POST", .contains("/connect")) == (index == 0 ? 1 : 0),
                        "run \(index): only the free address is connected, once: \(proxy.requests)")
                    let requests = proxy.requests.filter { $0.operation.hasPrefix("POST") }.map(\.body)
                    #expect(!requests.contains { $0.contains(held.id) }, "run \(index): no write for the held address: \(requests)")
                    if index == 0 {
                        let problem = run.output.conditionLines("problem")
                        #expect(problem.map(\.container) == [held.name] && problem.first?.detail.contains(holder.name) == true,
                            "the problem names the holder: \(run)")
                    }
                }
            }
            let other = scene.containers[1]
            #expect(try await scene.attached(fixture) == [holder.name: scene.addresses[held.name]!, other.name: scene.addresses[other.name]!],
                "the holder keeps its endpoint, the other container is connected, the held one is not")
        }
    }
}

import Foundation
import Testing

/// Responses larger than the tool's body limit (256 MiB, `HTTPLimits.engine`): the run must end
/// with exit 69 and one line naming the limit, instead of an unbounded allocation or a hang, write
/// nothing, and let the next clean run converge.
@Suite("Faults: responses over the body limit", .needsEngine)
struct BodyLimitTests {
    /// The limit the message names, in bytes.
    static let limit = 256 << 20

    /// A Content-Length of 300 MiB on the container list is refused from the header alone. The
    /// run is confined to 64 MiB of data segment (`prlimit --data`, which counts malloc's
    /// anonymous mappings since Linux 4.7), so reserving room for the announced body would
    /// kill it instead of letting it exit 69.
    @Test("Content-Length of 300 MiB: refused without allocating, exit 69")
    func hugeContentLength() async throws {
        try await EngineFixture.with { fixture in
            let scene = try await FaultScene.make(fixture)
            let tool = FaultTool(fixture)
            let rule = FaultRule("GET", .contains("/containers/json"), .announceHugeBody(bytes: 300 << 20))
            try await FaultProxy.with(engineHost: fixture.environment.dockerHost, rules: [rule]) { proxy in
                let run = try await tool.runExactly(
                    ["--host", proxy.url, "--label-prefix", tool.labelPrefix, "--lock-file", tool.lockFile,
                     "--state-file", tool.stateFile, "--timeout", "5"],
                    wrapper: ["/usr/bin/prlimit", "--data=\(64 << 20)"])
                #expect(run.status == 69, "\(run)")
                let operation = try #require(proxy.faultedOperations.first, "\(proxy.requests)")
                expectFatalLine(run, operation: operation, endpoint: proxy.url,
                    cause: "bad HTTP response: response body larger than the \(Self.limit)-byte limit")
                // Refused on the header, not after a 5 s wait for a body that never comes.
                #expect(run.seconds < 5, "\(run)")
                #expect(await eventually { proxy.observations.contains { $0.hasPrefix("client hung up after the announced") } },
                    "the tool hangs up: \(proxy.observations)")
            }
            #expect(try await scene.attached(fixture).isEmpty)

            let next = try await tool.run(host: fixture.environment.dockerHost)
            #expect(next.status == 0, "\(next)")
            #expect(try await scene.attached(fixture) == scene.converged)
        }
    }

    /// A chunked network list that never ends, in 1 MiB chunks: the tool reads up to the limit,
    /// refuses the chunk that would pass it, and hangs up, after which the proxy stops sending.
    /// The proxy's count of what it sent shows the tool neither quit early nor read on.
    @Test("endless chunked body: refused at the limit, exit 69, the sender stops")
    func endlessChunkedBody() async throws {
        try await EngineFixture.with { fixture in
            let scene = try await FaultScene.make(fixture)
            let tool = FaultTool(fixture)
            let chunk = 1 << 20
            let rule = FaultRule("GET", .hasSuffix("/networks"), .endlessChunked(chunkBytes: chunk, maximumBytes: 1 << 30))
            try await FaultProxy.with(engineHost: fixture.environment.dockerHost, rules: [rule]) { proxy in
                // Generous: a debug build copies 256 MiB through its parser before it may refuse.
                let run = try await tool.run(host: proxy.url, ["--timeout", "25"], timeout: .seconds(40))
                #expect(run.status == 69, "\(run)")
                let operation = try #require(proxy.faultedOperations.first, "\(proxy.requests)")
                #expect(operation.hasSuffix("/networks"))
                expectFatalLine(run, operation: operation, endpoint: proxy.url,
                    cause: "bad HTTP response: response body larger than the \(Self.limit)-byte limit")

                var stopped: String?
                #expect(await eventually {
                    stopped = proxy.observations.first { $0.hasPrefix("stream stopped") }
                    return stopped != nil
                }, "\(proxy.observations)")
                let sent = try #require(stopped.flatMap { text in
                    text.contains("client hung up") ? text.split(separator: " ").compactMap { Int($0) }.first : nil
                }, "the proxy must stop because the client hung up: \(stopped ?? "nothing")")
                // The tool takes 256 chunks; what else was sent sits in socket buffers (a few MiB).
                #expect(sent >= Self.limit, "the tool read up to the limit: \(sent)")
                #expect(sent <= Self.limit + 32 * chunk, "the tool stopped reading at the limit: \(sent)")
            }
            #expect(try await scene.attached(fixture).isEmpty)

            let next = try await tool.run(host: fixture.environment.dockerHost)
            #expect(next.status == 0, "\(next)")
            #expect(try await scene.attached(fixture) == scene.converged)
        }
    }
}

import Foundation
import Testing

/// `--dry-run` is the diff report: it must say what an apply run would do, exit 2 while there is
/// something to do, and make no write call at all.
@Suite("Dry run", .needsEngine)
struct DryRunTests {
    /// A pending connect is reported with a summary and exit status 2, and the engine is left as
    /// it was; the apply run that follows does exactly what was reported, after which a dry run
    /// finds everything in sync and exits 0.
    @Test("reports the pending connect, exits 2, writes nothing")
    func dryRunWritesNothing() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("net")
            let (container, expected) = try await fixture.runLabelled(on: network)
            let before = try await fixture.docker.endpoints(ofContainer: container.name)

            for flag in ["--dry-run", "-n"] {
                let dry = try await fixture.reconciler.run(flag)
                #expect(dry.status == 2, "\(dry)")
                #expect(dry.linesWithoutExposure == [
                    "connect      \(container.name) on \(network.name) at \(expected)",
                    "dry run: 1 to connect, 0 drifted, 0 problems, 0 in sync",
                ], "\(dry)")
                #expect(try await fixture.docker.endpoints(ofContainer: container.name) == before, "\(flag) changed the container")
                #expect(try await fixture.docker.attachments(ofNetwork: network.name).isEmpty, "\(flag) connected something")
            }

            let apply = try await fixture.reconciler.run()
            #expect(apply.status == 0, "\(apply)")
            #expect(apply.reportLines("connected").map(\.addresses) == [[expected]], "\(apply)")
            #expect(try await fixture.docker.endpoints(ofContainer: container.name)[network.name]?.ipv6 == expected)

            let clean = try await fixture.reconciler.run("--dry-run")
            #expect(clean.status == 0, "\(clean)")
            #expect(clean.lines == ["dry run: 0 to connect, 0 drifted, 0 problems, 1 in sync"], "\(clean)")
        }
    }
}

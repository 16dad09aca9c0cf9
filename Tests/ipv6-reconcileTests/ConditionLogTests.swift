import Foundation
import Testing

/// Apply runs log a lasting problem once, remembering it in the state file of their runtime
/// directory. One machine can run the tool in several label namespaces (or against several
/// engines) with the default runtime directory; a run must then neither report another
/// namespace's problems as cleared nor make them be logged again, or the journal gets the very
/// flood the state file exists to prevent.
@Suite("Condition log", .needsEngine)
struct ConditionLogTests {
    /// Two namespaces, each with one container naming a missing network, run in turn with one
    /// runtime directory: each problem is logged when it appears, and never again while it lasts.
    @Test("a run in another label namespace neither clears nor re-logs this one's problems")
    func namespacesShareTheStateFile() async throws {
        try await EngineFixture.with { fixture in
            let other = Reconciler(
                binary: fixture.reconciler.binary, host: fixture.reconciler.host,
                labelPrefix: "u\(fixture.names.tag).mapper", runtimeDirectory: fixture.reconciler.runtimeDirectory)
            let mine = try await fixture.runContainer("mine", labels: fixture.labels(networks: [fixture.names.name("missing-a")]))
            let theirs = try await fixture.runContainer(
                "theirs", labels: [other.labelPrefix! + ".network": fixture.names.name("missing-b")])

            let first = try await fixture.reconciler.run()
            #expect(first.status == 3, "\(first)")
            #expect(first.conditionLines("problem").map(\.container) == [mine.name], "\(first)")

            let second = try await other.run()
            #expect(second.status == 3, "\(second)")
            #expect(second.conditionLines("problem").map(\.container) == [theirs.name], "\(second)")
            #expect(second.conditionLines("cleared").isEmpty, "\(mine.name)'s problem was not cleared, it is out of this run's namespace: \(second)")

            let third = try await fixture.reconciler.run()
            #expect(third.status == 3, "\(third)")
            #expect(third.conditionLines.isEmpty, "\(mine.name)'s problem persists and was already logged: \(third)")
        }
    }
}

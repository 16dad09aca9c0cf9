import Foundation
import Testing

/// The timer runs the tool every 5 seconds, 17,000 times a day: a problem that persists must reach
/// the journal at warning level once when it appears, once when it clears, and only at debug level
/// in between, whatever the state file went through. Runs here set `JOURNAL_STREAM` as systemd
/// does, so every log line starts with its syslog priority (`<4>` warning, `<7>` debug).
@Suite("No journal flood", .needsEngine)
struct JournalFloodTests {
    /// How many consecutive runs make "persistent".
    static let runs = 100

    /// A container whose label names a network that does not exist: 100 apply runs with one state
    /// file log exactly one line in total, at `<4>`, naming the container and the network, and
    /// print the summary once; removing the container logs exactly one "cleared" line, and the
    /// run after that logs nothing.
    @Test("100 runs with a persistent problem: one warning in total, then one 'cleared'")
    func oneWarningInHundredRuns() async throws {
        try await EngineFixture.with { fixture in
            let missing = fixture.names.name("missing")
            let lost = try await fixture.runContainer("lost", labels: fixture.labels(networks: [missing]))
            let tool = FaultTool(fixture)
            let host = fixture.environment.dockerHost

            var stderr: [String] = []
            var stdout: [[String]] = []
            for _ in 0..<Self.runs {
                let run = try await tool.run(host: host, journal: true)
                #expect(run.status == 3, "\(run)")
                stderr += run.stderrLines
                stdout.append(run.output.lines)
            }
            #expect(stderr.count == 1, "one line across \(Self.runs) runs: \(stderr)")
            let warning = stderr.first ?? ""
            #expect(warning.hasPrefix("<4>\(lost.name) on \(missing): problem: "), "\(warning)")
            #expect(warning.contains("no network has the ID, name or ID prefix \"\(missing)\""), "\(warning)")
            // The report: the first run's summary only, and never the problem itself (it is logged).
            #expect(stdout.first == ["applied: 0 connected, 0 drifted, 1 problems, 0 in sync"], "\(stdout.first ?? [])")
            #expect(stdout.dropFirst().allSatisfy { $0.isEmpty }, "later runs print nothing")

            try await fixture.removeContainer(lost.name)
            let cleared = try await tool.run(host: host, journal: true)
            #expect(cleared.status == 0, "\(cleared)")
            #expect(cleared.stderrLines.count == 1, "\(cleared)")
            #expect(cleared.stderrLines.first?.hasPrefix("<4>\(lost.name) on \(missing): cleared (was problem: ") == true, "\(cleared)")

            let quiet = try await tool.run(host: host, journal: true)
            #expect(quiet.status == 0, "\(quiet)")
            #expect(quiet.output.stderr.isEmpty && quiet.output.stdout.isEmpty, "\(quiet)")
        }
    }

    /// A container recreated with the same name (`docker compose up --force-recreate`) keeps its
    /// problem: the run after the recreate logs nothing, neither the problem again nor a
    /// "cleared" for the old container's ID; removing it for good then logs "cleared" once.
    @Test("recreated container: its persistent problem is neither logged again nor cleared")
    func recreateKeepsTheCondition() async throws {
        try await EngineFixture.with { fixture in
            let missing = fixture.names.name("missing")
            let labels = fixture.labels(networks: [missing])
            let first = try await fixture.runContainer("lost", labels: labels)
            let tool = FaultTool(fixture)
            let host = fixture.environment.dockerHost
            let logged = try await tool.run(host: host)
            #expect(logged.status == 3 && logged.output.conditionLines("problem").count == 1, "\(logged)")

            try await fixture.removeContainer(first.name)
            let second = try await fixture.runContainer("lost", labels: labels)
            #expect(second.id != first.id)
            let recreated = try await tool.run(host: host)
            #expect(recreated.status == 3, "\(recreated)")
            #expect(recreated.output.stderr.isEmpty && recreated.output.stdout.isEmpty, "nothing changed for the reader: \(recreated)")

            try await fixture.removeContainer(second.name)
            let gone = try await tool.run(host: host)
            #expect(gone.status == 0 && gone.output.conditionLines("cleared").map(\.container) == [second.name], "\(gone)")
        }
    }

    /// With `--debug`, the same 100 runs log the problem at `<4>` in the first run only, and at
    /// `<7>` ("still ...") in each of the other 99; nothing is logged at error level.
    @Test("with --debug: <4> once, <7> in each of the other 99 runs")
    func debugLevelInBetween() async throws {
        try await EngineFixture.with { fixture in
            let missing = fixture.names.name("missing")
            let lost = try await fixture.runContainer("lost", labels: fixture.labels(networks: [missing]))
            let tool = FaultTool(fixture)
            let host = fixture.environment.dockerHost
            let about = "\(lost.name) on \(missing): "

            for index in 0..<Self.runs {
                let run = try await tool.run(host: host, ["--debug"], journal: true)
                #expect(run.status == 3, "\(run)")
                let lines = run.stderrLines
                #expect(lines.allSatisfy { $0.hasPrefix("<4>") || $0.hasPrefix("<6>") || $0.hasPrefix("<7>") }, "\(run)")
                let warnings = lines.filter { $0.hasPrefix("<4>") }
                let still = lines.filter { $0.hasPrefix("<7>\(about)still problem: ") }
                if index == 0 {
                    #expect(warnings.count == 1 && warnings.first?.hasPrefix("<4>\(about)problem: ") == true, "\(run)")
                    #expect(still.isEmpty, "\(run)")
                } else {
                    #expect(warnings.isEmpty, "run \(index + 1) must not warn again: \(run)")
                    #expect(still.count == 1, "run \(index + 1) logs it at debug level: \(run)")
                }
            }
        }
    }

    /// Garbage in the state file: the next run logs the problem again as new, plus one warning
    /// that the state file was corrupt and is rewritten (it is: with the tool's header); the run
    /// after that logs nothing.
    @Test("corrupt state file: problem logged again plus one warning, then quiet")
    func corruptStateFile() async throws {
        try await EngineFixture.with { fixture in
            let missing = fixture.names.name("missing")
            let lost = try await fixture.runContainer("lost", labels: fixture.labels(networks: [missing]))
            let tool = FaultTool(fixture)
            let host = fixture.environment.dockerHost
            let problem = "<4>\(lost.name) on \(missing): problem: "

            let first = try await tool.run(host: host, journal: true)
            #expect(first.status == 3, "\(first)")
            #expect(first.stderrLines.count == 1 && first.stderrLines.first?.hasPrefix(problem) == true, "\(first)")

            try Data("\u{1}garbage\tnot a state file\n\u{ff}".utf8).write(to: URL(fileURLWithPath: tool.stateFile))
            let corrupt = try await tool.run(host: host, journal: true)
            #expect(corrupt.status == 3, "\(corrupt)")
            #expect(corrupt.stderrLines.count == 2, "\(corrupt)")
            #expect(corrupt.stderrLines.count { $0.hasPrefix("<4>state file \(tool.stateFile) is corrupt") } == 1, "\(corrupt)")
            #expect(corrupt.stderrLines.count { $0.hasPrefix(problem) } == 1, "logged again as new: \(corrupt)")
            let rewritten = try String(contentsOfFile: tool.stateFile, encoding: .utf8)
            #expect(rewritten.hasPrefix("ipv6-reconcile state ") && rewritten.contains(lost.id), "\(rewritten)")

            let after = try await tool.run(host: host, journal: true)
            #expect(after.status == 3, "\(after)")
            #expect(after.output.stderr.isEmpty, "nothing new after the rewrite: \(after)")
        }
    }
}

import Foundation
import Reconciler
import ReconcileCore

/// A temporary directory for one test's lock and state files, and the runs made with them.
final class RunFiles {
    let directory: String
    let files: RuntimeFiles

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reconciler-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        files = RuntimeFiles(lockFile: directory + "/lock", stateFile: directory + "/state", environment: [:])
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The state file's text, nil when there is none.
    var state: String? { try? String(contentsOfFile: files.statePath, encoding: .utf8) }

    /// How many runs were made, which names each run's own lock file.
    private var runs = 0

    /// One apply run (or whatever `configure` makes of it) against `engine`, with this state
    /// file and (unless `files` are given) a lock file of its own: a run holds its lock until the
    /// process exits (the CLI makes one run per process), so a second run in this process on the
    /// same lock file would find it busy.
    func run(
        _ engine: ScriptedEngine, files: RuntimeFiles? = nil, log: LogCapture = LogCapture(), host: HostEffects = .kernel,
        confiner: ScriptedConfiner = ScriptedConfiner(), _ configure: (inout Options) -> Void = { _ in }
    ) throws -> RunReport {
        var options = try Options.parse([])
        options.lockTimeoutSeconds = 0
        configure(&options)
        runs += 1
        let own = RuntimeFiles(lockFile: directory + "/lock\(runs)", stateFile: self.files.statePath, environment: [:])
        return ReconcileRun(options: options, engine: engine, logger: log.logger(), files: files ?? own, host: host, confiner: confiner).run()
    }
}

/// A JSON document's top-level object.
func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

import Testing

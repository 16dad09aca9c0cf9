import Foundation
import Testing

/// The real Landlock confinement, in a process of its own (`confinement-probe`, built beside the
/// tests): what an apply run still needs works, what it must never do is refused. Where the
/// kernel offers no Landlock, the probe must say so in its first line, and that is all it checks.
@Suite struct LandlockConfinerTests {
    /// The probe's lines, `NAME RESULT`, after its first (the confiner's debug line).
    static func probe(writable: String, other: String) throws -> (line: String, results: [String: String]) {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let probe = directory.appendingPathComponent("confinement-probe")
        guard FileManager.default.isExecutableFile(atPath: probe.path) else {
            throw ProbeError("no confinement-probe beside the tests at \(probe.path): swift build --build-tests builds it")
        }
        let process = Process()
        process.executableURL = probe
        process.arguments = [writable, other]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        var results: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { results[parts[0]] = parts[1] }
        }
        return (lines.first ?? "", results)
    }

    struct ProbeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func writesOnlyBeneathItsDirectoryAndExecutesNothing() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("v6r-landlock-\(getpid())")
        let writable = base.appendingPathComponent("runtime"), other = base.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: writable, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }

        let (line, results) = try Self.probe(writable: writable.path, other: other.path)
        if line.hasPrefix("file system not confined: the kernel offers no Landlock") {
            // Nothing was confined, and the line says why: the run goes on as before.
            #expect(results["create-outside"] == "ok", "\(results)")
            return
        }
        #expect(line.hasPrefix("file system confined (Landlock ABI ") && line.contains("writable beneath \(writable.path)"), "\(line)")
        // What an apply run does with its state file: create, replace by rename, remove.
        #expect(results["create-inside"] == "ok", "\(results)")
        #expect(results["rename-inside"] == "ok", "\(results)")
        #expect(results["remove-inside"] == "ok", "\(results)")
        #expect(results["read-anywhere"] == "ok", "\(results)")
        // What it must not: write elsewhere, make directories, execute.
        #expect(results["create-outside"] == "Permission denied", "\(results)")
        #expect(results["mkdir-inside"] == "Permission denied", "\(results)")
        #expect(results["exec"] == "Permission denied", "\(results)")
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("probe").path))
    }
}

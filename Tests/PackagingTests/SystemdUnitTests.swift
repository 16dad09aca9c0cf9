import Foundation
import Testing

/// The shipped systemd units, checked with systemd's own tools, offline: no systemd needs to be
/// running (PID 1 on the dev and CI machines is not systemd), and nothing is installed on the host.
///
/// - `systemd-analyze verify` on both units, inside a temporary `--root` that holds the unit files
///   byte for byte, a copy of the system's unit directory (for `sysinit.target`, `timers.target`,
///   `docker.service` and the rest that the units pull in), and an executable at the
///   `/usr/local/bin/ipv6-reconcile` the service's `ExecStart=` names. verify checks that path
///   inside the root, so this proves the shipped files as they are, not an edited copy.
/// - `systemd-analyze security --offline=true` on the services: overall exposure at most 2.5 (3.0
///   for the `--ndp-proxy` one).
/// - No directive that gives a run a mount namespace of its own (what makes a tick's cost grow
///   with the host's mount table).
/// - The settings the product depends on, read from the files.
///
/// A missing `systemd-analyze` is a failure, not a skip: a CI machine without it would otherwise
/// pass while checking nothing. `scripts/test` installs it (Debian's `systemd` package).
@Suite("systemd units")
struct SystemdUnitTests {
    /// The repository root: this file is `Tests/PackagingTests/SystemdUnitTests.swift`, so the
    /// checked units are this checkout's whatever the working directory of `swift test`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped service unit.
    static let serviceFile = repositoryRoot.appendingPathComponent("systemd/ipv6-reconcile.service")

    /// The shipped timer unit.
    static let timerFile = repositoryRoot.appendingPathComponent("systemd/ipv6-reconcile.timer")

    /// The `--ndp-proxy` service unit.
    static let ndpProxyServiceFile = repositoryRoot.appendingPathComponent("systemd/ipv6-reconcile-ndp-proxy.service")

    /// The `--ndp-proxy` timer unit.
    static let ndpProxyTimerFile = repositoryRoot.appendingPathComponent("systemd/ipv6-reconcile-ndp-proxy.timer")

    /// Every shipped unit.
    static let unitFiles = [serviceFile, timerFile, ndpProxyServiceFile, ndpProxyTimerFile]

    /// The highest overall exposure `systemd-analyze security` may give the service: rated 2.4 by
    /// Debian 12's systemd 252 without a mount namespace (0.2 with one, at 5-50 times the CPU per
    /// idle run; see the unit's header).
    static let maximumExposure = 2.5

    /// The same for the `--ndp-proxy` service, which needs CAP_NET_ADMIN and AF_NETLINK (rated 2.9).
    static let maximumNDPProxyExposure = 3.0

    /// `[Service]` settings that give each run a mount namespace of its own, and with it a walk of
    /// the host's mount table per remounted path (systemd's `exec_needs_mount_namespace()`):
    /// `PrivateNetwork=` counts, since it remounts `/sys` unless `PrivateMounts=no`.
    static let mountNamespaceDirectives = [
        "DynamicUser", "ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateDevices", "PrivateMounts", "PrivateNetwork",
        "PrivateIPC", "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups", "ProtectProc",
        "ProcSubset", "ReadOnlyPaths", "ReadWritePaths", "InaccessiblePaths", "ExecPaths", "NoExecPaths", "TemporaryFileSystem",
        "BindPaths", "BindReadOnlyPaths", "RootDirectory", "RootImage", "MountAPIVFS", "StateDirectory", "CacheDirectory",
        "LogsDirectory", "LogNamespace", "MountImages", "ExtensionImages", "ExtensionDirectories", "NetworkNamespacePath",
    ]

    /// Where the service's `ExecStart=` expects the binary, relative to the root.
    static let installedBinaryPath = "usr/local/bin/ipv6-reconcile"

    /// Both units pass `systemd-analyze verify` with the binary where the service expects it.
    @Test func unitsPassSystemdAnalyzeVerify() throws {
        guard let analyze = Self.systemdAnalyze() else { return }
        let root = try Self.makeVerifyRoot(withBinary: true)
        defer { try? FileManager.default.removeItem(at: root) }

        // Documentation=man:ipv6-reconcile(8): verify runs man(1) for it, which finds the man
        // page the .deb ships through MANPATH, so a renamed or missing page fails here too.
        let manual = root.appendingPathComponent("usr/share/man")
        try FileManager.default.createDirectory(at: manual.appendingPathComponent("man8"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.repositoryRoot.appendingPathComponent("scripts/debian/ipv6-reconcile.8"),
            to: manual.appendingPathComponent("man8/ipv6-reconcile.8"))
        let result = try Self.run(
            analyze, ["--no-pager", "verify", "--root=\(root.path)"] + Self.unitFiles.map(\.lastPathComponent),
            environment: ["MANPATH": manual.path])
        // verify reports problems on stderr, and some only as warnings with status 0 (an unknown or
        // misspelt directive is "ignored"): any line about our units is a failure too. Lines about
        // the host's own units, copied into the root, are not ours to judge.
        let ours = result.output.split(separator: "\n").filter { $0.contains("ipv6-reconcile") }
        #expect(result.status == 0, "systemd-analyze verify exited \(result.status):\n\(result.output)")
        #expect(ours.isEmpty, "systemd-analyze verify complained about our units:\n\(result.output)")
    }

    /// The verify root is not vacuous: without the binary, verify fails and names the missing path.
    /// (Run from the repository instead, verify would look at the host's /usr/local/bin.)
    @Test func verifyRootDetectsAMissingBinary() throws {
        guard let analyze = Self.systemdAnalyze() else { return }
        let root = try Self.makeVerifyRoot(withBinary: false)
        defer { try? FileManager.default.removeItem(at: root) }

        let result = try Self.run(analyze, ["--no-pager", "verify", "--root=\(root.path)", "ipv6-reconcile.service"])
        #expect(result.status != 0, "verify passed without the binary:\n\(result.output)")
        #expect(result.output.contains("/usr/local/bin/ipv6-reconcile"), "unexpected verify output:\n\(result.output)")
    }

    /// `systemd-analyze security --offline=true` rates the service at most 2.5, while the service
    /// can still reach /var/run/docker.sock (AF_UNIX and the docker group; see the unit's comments).
    @Test func serviceExposureIsAtMostTwoPointFive() throws {
        guard let analyze = Self.systemdAnalyze() else { return }
        let result = try Self.run(analyze, ["--no-pager", "security", "--offline=true", Self.serviceFile.path])
        #expect(result.status == 0, "systemd-analyze security exited \(result.status):\n\(result.output)")
        guard let score = Self.overallExposure(in: result.output) else {
            Issue.record("no 'Overall exposure level' line in systemd-analyze security output:\n\(result.output)")
            return
        }
        #expect(score <= Self.maximumExposure, "exposure \(score) > \(Self.maximumExposure):\n\(result.output)")
    }

    /// The `--ndp-proxy` service rates at most 3.0.
    @Test func ndpProxyServiceExposureIsAtMostThree() throws {
        guard let analyze = Self.systemdAnalyze() else { return }
        let result = try Self.run(analyze, ["--no-pager", "security", "--offline=true", Self.ndpProxyServiceFile.path])
        #expect(result.status == 0, "systemd-analyze security exited \(result.status):\n\(result.output)")
        let score = try #require(Self.overallExposure(in: result.output), "no 'Overall exposure level' line:\n\(result.output)")
        #expect(score <= Self.maximumNDPProxyExposure, "exposure \(score) > \(Self.maximumNDPProxyExposure):\n\(result.output)")
    }

    /// The `--ndp-proxy` units are the default ones with exactly what `--ndp-proxy` needs more:
    /// CAP_NET_ADMIN (so no private user namespace), AF_NETLINK, their own runtime directory, and
    /// never running beside the default units.
    @Test func ndpProxyUnitsDifferOnlyWhereTheyMust() throws {
        let plain = try UnitFile(contentsOf: Self.serviceFile)
        let ndp = try UnitFile(contentsOf: Self.ndpProxyServiceFile)
        let expected: [String: [String]] = [
            "Unit/Description": ["Connect labelled Docker containers at stable IPv6 addresses and keep their proxy NDP entries"],
            "Unit/Conflicts": ["ipv6-reconcile.service ipv6-reconcile.timer"],
            "Service/ExecStart": ["/usr/local/bin/ipv6-reconcile --ndp-proxy"],
            "Service/RuntimeDirectory": ["ipv6-reconcile-ndp-proxy"],
            "Service/CapabilityBoundingSet": ["CAP_NET_ADMIN"],
            "Service/AmbientCapabilities": ["CAP_NET_ADMIN"],
            "Service/PrivateUsers": ["no"],
            "Service/RestrictAddressFamilies": ["AF_UNIX AF_NETLINK"],
        ]
        let keys = Set((plain.entries + ndp.entries).map { "\($0.section)/\($0.key)" })
        for key in keys.sorted() {
            let parts = key.split(separator: "/").map(String.init)
            let mine = ndp.values(section: parts[0], key: parts[1])
            #expect(mine == (expected[key] ?? plain.values(section: parts[0], key: parts[1])), "\(key)")
        }
        #expect(ndp.values(section: "Service", key: "IPAddressDeny") == ["any"])
        let timer = try UnitFile(contentsOf: Self.ndpProxyTimerFile)
        let plainTimer = try UnitFile(contentsOf: Self.timerFile)
        #expect(timer.values(section: "Unit", key: "Conflicts") == ["ipv6-reconcile.timer"])
        #expect(timer.values(section: "Timer", key: "OnUnitActiveSec") == plainTimer.values(section: "Timer", key: "OnUnitActiveSec"))
        #expect(timer.values(section: "Install", key: "WantedBy") == ["timers.target"])
    }

    /// Neither service builds a mount namespace per run (the list above), and both run as the
    /// package's static user with no start limit (a 1 s period would hit the default one).
    @Test func servicesHaveNoPerRunMountNamespace() throws {
        for file in [Self.serviceFile, Self.ndpProxyServiceFile] {
            let unit = try UnitFile(contentsOf: file)
            for key in Self.mountNamespaceDirectives {
                #expect(unit.values(section: "Service", key: key).isEmpty, "\(file.lastPathComponent): \(key)= builds a mount namespace per run")
            }
            #expect(unit.values(section: "Service", key: "User") == ["ipv6-reconcile"], "\(file.lastPathComponent)")
            #expect(unit.values(section: "Service", key: "NoNewPrivileges") == ["yes"], "\(file.lastPathComponent)")
            #expect(unit.values(section: "Service", key: "IPAddressDeny") == ["any"], "\(file.lastPathComponent)")
            #expect(unit.values(section: "Unit", key: "StartLimitIntervalSec") == ["0"], "\(file.lastPathComponent)")
        }
        let sysusers = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("scripts/debian/ipv6-reconcile.sysusers"), encoding: .utf8)
        #expect(sysusers.split(separator: "\n").contains { $0.hasPrefix("u ipv6-reconcile ") }, "the package's sysusers.d file makes the units' user")
    }

    /// The timer fires 5 s after boot and 5 s after each run, at 1 s accuracy: without
    /// `AccuracySec=1s` systemd coalesces it to a minute.
    @Test func timerRunsEveryFiveSecondsAtOneSecondAccuracy() throws {
        let timer = try UnitFile(contentsOf: Self.timerFile)
        #expect(timer.values(section: "Timer", key: "AccuracySec") == ["1s"])
        #expect(timer.values(section: "Timer", key: "OnBootSec") == ["5s"])
        #expect(timer.values(section: "Timer", key: "OnUnitActiveSec") == ["5s"])
        #expect(timer.values(section: "Install", key: "WantedBy") == ["timers.target"])
    }

    /// Exit status 3 (some containers have problems, the rest applied) does not fail the unit, and
    /// the runtime directory that holds the lock and state files survives between runs.
    @Test func serviceTreatsStatusThreeAsSuccessAndKeepsItsState() throws {
        let service = try UnitFile(contentsOf: Self.serviceFile)
        let success = service.values(section: "Service", key: "SuccessExitStatus")
            .flatMap { $0.split(separator: " ").map(String.init) }
        #expect(success.contains("3"), "SuccessExitStatus= is \(success)")
        #expect(service.values(section: "Service", key: "Type") == ["oneshot"])
        #expect(service.values(section: "Service", key: "RuntimeDirectory") == ["ipv6-reconcile"])
        #expect(service.values(section: "Service", key: "RuntimeDirectoryPreserve") == ["yes"])
        #expect(service.values(section: "Service", key: "ExecStart") == ["/usr/local/bin/ipv6-reconcile"])
    }

    /// Idle runs leave no journal line, changes do: the unit drops info and debug messages (PID 1's
    /// "Starting"/"Finished" about it too), and files the tool's stdout report at notice, which
    /// that filter keeps. The VM test (scripts/test-host, step quiet-journal) checks both on a real
    /// systemd; this checks the settings that make it so.
    @Test func idleRunsAreQuietAndChangesAreKept() throws {
        let service = try UnitFile(contentsOf: Self.serviceFile)
        let levels = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]
        let max = service.values(section: "Service", key: "LogLevelMax")
        let report = service.values(section: "Service", key: "SyslogLevel")
        #expect(max == ["notice"], "LogLevelMax= is \(max)")
        #expect(report.count == 1, "SyslogLevel= is \(report)")
        if let maxLevel = max.last.flatMap(levels.firstIndex(of:)), let reportLevel = report.last.flatMap(levels.firstIndex(of:)) {
            #expect(reportLevel <= maxLevel, "the report (SyslogLevel=\(report)) would be dropped by LogLevelMax=\(max)")
        } else {
            Issue.record("LogLevelMax= \(max) or SyslogLevel= \(report) is not a syslog level name")
        }
        // A --info or --debug run under this unit would lose those lines to LogLevelMax= unnoticed.
        let exec = service.values(section: "Service", key: "ExecStart").joined(separator: " ")
        #expect(!exec.contains("--info") && !exec.contains("--debug") && !exec.contains("--log-level"), "ExecStart= is \(exec)")
    }

    // MARK: - Helpers

    /// The result of running a command: its exit status and its stdout and stderr together.
    struct CommandResult {
        /// The exit status (or the terminating signal's number).
        let status: Int32
        /// stdout and stderr, interleaved as written.
        let output: String
    }

    /// Runs `executable` with `arguments`, waits for it, and returns its status and output.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a child that fills the pipe would otherwise block forever.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `systemd-analyze` from PATH or the usual places; when it is missing, records a failure
    /// that says how to get it and returns nil.
    static func systemdAnalyze(sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        for directory in candidates where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent("systemd-analyze")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        Issue.record(
            "systemd-analyze not found: install Debian's systemd package (apt-get install systemd); scripts/test installs it",
            sourceLocation: sourceLocation)
        return nil
    }

    /// A temporary root for `systemd-analyze verify --root=`: the shipped units in etc/systemd/system,
    /// the system's unit directory in usr/lib/systemd/system, and, when `withBinary`, an executable
    /// at usr/local/bin/ipv6-reconcile: the built binary when scripts/test names it in
    /// IPV6_RECONCILE_BINARY, else a two-line shell script, since verify only checks that the
    /// path is an executable file. The caller removes the directory.
    static func makeVerifyRoot(withBinary: Bool) throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("v6r-verify-\(UUID().uuidString)")
        let unitDirectory = root.appendingPathComponent("etc/systemd/system")
        let systemUnits = root.appendingPathComponent("usr/lib/systemd")
        try fm.createDirectory(at: unitDirectory, withIntermediateDirectories: true)
        try fm.createDirectory(at: systemUnits, withIntermediateDirectories: true)
        for file in unitFiles {
            try fm.copyItem(at: file, to: unitDirectory.appendingPathComponent(file.lastPathComponent))
        }
        // Debian 12 has merged /usr (/lib -> usr/lib); older layouts keep units in /lib.
        let hostUnits = ["/usr/lib/systemd/system", "/lib/systemd/system"].first { fm.fileExists(atPath: $0) }
        if let hostUnits {
            // cp -a keeps the symlinks (aliases) as they are; verify resolves them inside the root.
            let copy = try run(URL(fileURLWithPath: "/bin/cp"), ["-a", hostUnits, systemUnits.path])
            guard copy.status == 0 else {
                throw VerifyRootError(message: "cp -a \(hostUnits) failed: \(copy.output)")
            }
        }
        if withBinary {
            let binary = root.appendingPathComponent(installedBinaryPath)
            try fm.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let built = ProcessInfo.processInfo.environment["IPV6_RECONCILE_BINARY"],
                fm.isExecutableFile(atPath: built)
            {
                try fm.copyItem(at: URL(fileURLWithPath: built), to: binary)
            } else {
                try Data("#!/bin/sh\nexit 0\n".utf8).write(to: binary)
            }
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        }
        return root
    }

    /// Setting up the verify root failed; the message says how.
    struct VerifyRootError: Error, CustomStringConvertible {
        /// What failed, with the command's output.
        let message: String
        /// The message, as the test failure shows it.
        var description: String { message }
    }

    /// The number in `→ Overall exposure level for ipv6-reconcile.service: 0.2 SAFE 😀`.
    static func overallExposure(in output: String) -> Double? {
        for line in output.split(separator: "\n") where line.contains("Overall exposure level for") {
            guard let colon = line.lastIndex(of: ":") else { continue }
            let number = line[line.index(after: colon)...].split(separator: " ").first
            if let number, let value = Double(number) { return value }
        }
        return nil
    }
}

extension SystemdUnitTests {
    /// A systemd unit file read just far enough for these checks: `[Section]` headers and `Key=Value`
    /// lines, comments and blank lines skipped. A key may be given more than once (as
    /// `SystemCallFilter=` is), so values come back as a list in file order.
    struct UnitFile {
        /// (section, key, value) in file order.
        let entries: [(section: String, key: String, value: String)]

        /// Reads and parses the unit file at `url`.
        init(contentsOf url: URL) throws {
            let text = try String(contentsOf: url, encoding: .utf8)
            var section = ""
            var entries: [(section: String, key: String, value: String)] = []
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
                if line.hasPrefix("[") && line.hasSuffix("]") {
                    section = String(line.dropFirst().dropLast())
                    continue
                }
                guard let equals = line.firstIndex(of: "=") else { continue }
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                entries.append((section, key, value))
            }
            self.entries = entries
        }

        /// Every value given for `key` in `[section]`, in file order.
        func values(section: String, key: String) -> [String] {
            entries.filter { $0.section == section && $0.key == key }.map(\.value)
        }
    }
}

import Foundation
import Testing
import Glibc

/// Runs that overlap: the timer's run, a manual run, a second timer after a clock jump. With the
/// shared lock they take turns; without it they race on the engine, and its "already exists"
/// answer must still end in sync. Either way every container ends with exactly one endpoint, at
/// its address. A run that cannot get the lock in time gives up with exit 75.
@Suite("Concurrent runs", .needsEngine)
struct ConcurrencyTests {
    /// How many runs start together.
    static let runs = 6
    /// How many labelled containers they reconcile.
    static let containers = 10

    /// Six apply runs released at the same instant with the same `--lock-file`: all exit 0 (the
    /// first connects, the others wait and find everything in sync), and the engine holds each
    /// container once, at its address.
    @Test("6 runs, one shared lock: all exit 0, one endpoint each")
    func sharedLock() async throws {
        try await EngineFixture.with { fixture in
            let scene = try await FaultScene.make(fixture, roles: (0..<Self.containers).map { "c\($0)" })
            let tool = FaultTool(fixture)
            let host = fixture.environment.dockerHost
            let results = try await Self.startTogether(count: Self.runs, directory: tool.directory) { _, barrier in
                try await tool.runExactly(
                    Self.arguments(tool, host: host, lockFile: tool.lockFile, stateFile: tool.stateFile),
                    wrapper: barrier)
            }
            for run in results { #expect(run.status == 0, "\(run)") }
            // The lock makes them take turns: exactly one run connects everything.
            let connected = results.map { $0.output.reportLines("connected").count }
            #expect(connected.sorted() == Array(repeating: 0, count: Self.runs - 1) + [Self.containers], "\(results)")
            try await Self.expectOneEndpointEach(scene, fixture)
        }
    }

    /// The same six runs, each with its own lock and state file, so they really race: each connect
    /// the engine already did for another run is answered "already exists", which the tool must
    /// recognise as in sync. All exit 0, and the engine holds each container once.
    @Test("6 runs, no shared lock: the engine's 'already exists' still converges")
    func separateLocks() async throws {
        try await EngineFixture.with { fixture in
            fixture.engineMayOrphanEndpoints = true
            let scene = try await FaultScene.make(fixture, roles: (0..<Self.containers).map { "c\($0)" })
            let tool = FaultTool(fixture)
            // A pass-through proxy counts the network inspections, which the tool makes only to
            // explain a refused connect: they show the runs really raced.
            let proxy = try FaultProxy.start(engineHost: fixture.environment.dockerHost, rules: [])
            defer { proxy.stop() }
            let host = proxy.url
            let results = try await Self.startTogether(count: Self.runs, directory: tool.directory) { index, barrier in
                try await tool.runExactly(
                    Self.arguments(tool, host: host,
                        lockFile: tool.directory + "/lock\(index)", stateFile: tool.directory + "/state\(index)"),
                    wrapper: barrier)
            }
            for run in results { #expect(run.status == 0, "\(run)") }
            let connects = proxy.count("POST", .contains("/connect"))
            let inspections = proxy.count("GET", .contains("/networks/\(scene.network.id)"))
            #expect(connects > Self.containers, "the runs overlapped: \(connects) connects for \(Self.containers) containers")
            // Each run that had something to connect inspected the network once before connecting;
            // every connect beyond the first per container was refused and explained by one more.
            let refused = connects - Self.containers
            #expect(inspections >= refused && inspections <= Self.runs + refused,
                "\(inspections) inspections for \(refused) refused connects and at most \(Self.runs) runs")
            // Each container was connected by one run; the others saw it in sync.
            let connected = results.flatMap { $0.output.reportLines("connected").map(\.container) }
            #expect(connected.sorted() == scene.containers.map(\.name), "\(results)")
            try await Self.expectOneEndpointEach(scene, fixture)
        }
    }

    /// The lock held by another process (`flock <file> sleep 5`): a run with `--lock-timeout 0.5`
    /// gives up with exit 75 after about half a second, in one stderr line naming the lock file,
    /// without having touched the engine.
    @Test("lock busy: exit 75 after --lock-timeout, one line naming the lock file")
    func lockBusy() async throws {
        let environment = try TestEnvironment.load()
        let directory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let tool = FaultTool(binary: environment.binary, labelPrefix: "busy.mapper", directory: directory)
        let holder = Task {
            try await ProcessRunner.run(
                "/usr/bin/flock", [tool.lockFile, "/bin/sleep", "5"], environment: ProcessRunner.environment(),
                timeout: .seconds(20))
        }
        defer { holder.cancel() }
        try #require(await Self.waitUntilLocked(tool.lockFile), "flock never took \(tool.lockFile)")

        try await FaultProxy.with(engineHost: environment.dockerHost, rules: []) { proxy in
            let run = try await tool.run(host: proxy.url, ["--lock-timeout", "0.5"])
            #expect(run.status == 75, "\(run)")
            #expect(run.output.stdout.isEmpty, "\(run)")
            #expect(run.stderrLines.count == 1, "\(run)")
            #expect(run.stderrLines.first?.hasPrefix("ipv6-reconcile: error: ") == true, "\(run)")
            #expect(run.stderrLines.first?.contains(tool.lockFile) == true, "\(run)")
            #expect(run.stderrLines.first?.contains("--lock-timeout") == true, "\(run)")
            #expect(run.seconds >= 0.5, "it waits the whole --lock-timeout: \(run)")
            // And not much longer: the margin is process start on a loaded machine, not the wait.
            #expect(run.seconds < 5, "\(run)")
            #expect(proxy.requests.isEmpty, "no engine request without the lock: \(proxy.requests)")
        }
        // The holder ends on its own (sleep 5); waiting for it keeps no process behind the test.
        let held = try await holder.value
        #expect(held.status == 0, "\(held)")
    }

    /// A lock file that cannot be created (its directory's parent is missing; the tool creates one
    /// level only): exit 73 at once, one line naming the directory and the cause, and no engine
    /// request, since an apply run takes the lock before it observes.
    @Test("lock file cannot be created: exit 73, one line, engine untouched")
    func lockCannotBeCreated() async throws {
        let environment = try TestEnvironment.load()
        let directory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let tool = FaultTool(binary: environment.binary, labelPrefix: "nolock.mapper", directory: directory)
        let lockFile = directory + "/missing/sub/lock"
        try await FaultProxy.with(engineHost: environment.dockerHost, rules: []) { proxy in
            let run = try await tool.runExactly(
                ["--host", proxy.url, "--label-prefix", tool.labelPrefix, "--lock-file", lockFile, "--state-file", tool.stateFile])
            #expect(run.status == 73, "\(run)")
            #expect(run.output.stdout.isEmpty, "\(run)")
            #expect(run.stderrLines == [
                "ipv6-reconcile: error: cannot create \(directory)/missing/sub: No such file or directory (run as root, or give --lock-file and --state-file)"
            ], "\(run)")
            #expect(proxy.requests.isEmpty, "\(proxy.requests)")
        }
    }

    // MARK: helpers

    /// The arguments of one run: this test's prefix, the given lock and state files, and a long
    /// `--lock-timeout` and `--timeout`, since six runs share one loaded engine.
    private static func arguments(_ tool: FaultTool, host: String, lockFile: String, stateFile: String) -> [String] {
        ["--host", host, "--label-prefix", tool.labelPrefix, "--lock-file", lockFile, "--state-file", stateFile,
         "--lock-timeout", "60", "--timeout", "30"]
    }

    /// Starts `count` runs that all wait on one barrier and are released together: each is
    /// wrapped in `flock --shared <barrier>` while the test holds the barrier exclusively, and
    /// the test lets go once every one of them is blocked on it (or after 10 s). Without it the
    /// runs would start a few milliseconds apart, one process spawn each, and barely overlap.
    private static func startTogether(
        count: Int, directory: String, _ run: @escaping @Sendable (Int, [String]) async throws -> TimedRun
    ) async throws -> [TimedRun] {
        let barrier = directory + "/barrier"
        let fd = open(barrier, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX) == 0)
        var released = false
        defer { if !released { flock(fd, LOCK_UN) } }
        return try await withThrowingTaskGroup(of: TimedRun.self) { group in
            for index in 0..<count {
                group.addTask { try await run(index, ["/usr/bin/flock", "--shared", barrier]) }
            }
            let deadline = Date().addingTimeInterval(10)
            while waitersOn(barrier) < count && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            flock(fd, LOCK_UN)
            released = true
            var results: [TimedRun] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    /// How many processes wait for a lock on `path`: the `->` lines of /proc/locks for its inode.
    private static func waitersOn(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0, let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return 0 }
        let inodeSuffix = ":\(info.st_ino) "
        return locks.split(separator: "\n").count { $0.contains("-> ") && $0.contains(inodeSuffix) }
    }

    /// Waits (up to 5 s) until another process holds an exclusive lock on `path`, probing with a
    /// non-blocking flock that is released at once when it succeeds.
    private static func waitUntilLocked(_ path: String) async -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let fd = open(path, O_RDWR | O_CLOEXEC)
            if fd >= 0 {
                defer { close(fd) }
                if flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK { return true }
                flock(fd, LOCK_UN)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Each container has exactly one endpoint on the network, at its address, and nothing else is
    /// attached, as the network and each container report it.
    private static func expectOneEndpointEach(_ scene: FaultScene, _ fixture: EngineFixture) async throws {
        let attachments = try await fixture.docker.attachments(ofNetwork: scene.network.name)
        #expect(attachments.map(\.name) == scene.containers.map(\.name), "one endpoint per container: \(attachments)")
        #expect(try await scene.attached(fixture) == scene.converged)
        for container in scene.containers {
            let endpoints = try await fixture.docker.endpoints(ofContainer: container.name)
            #expect(endpoints.count == 2, "bridge and the test network only: \(endpoints)")
            #expect(endpoints[scene.network.name]?.ipv6 == scene.addresses[container.name])
        }
    }
}

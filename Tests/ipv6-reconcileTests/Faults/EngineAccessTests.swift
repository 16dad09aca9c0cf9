import Foundation
import Testing
import Glibc

/// Failures of reaching the engine at all, and of the address that names it: a socket that is not
/// there (69), one the user may not open (69, with the docker-group hint), a malformed
/// `DOCKER_HOST` (64) and a socket path too long for `sun_path` (64). Each is one stderr line and
/// no report.
@Suite("Engine access and address faults", .needsEngine)
struct EngineAccessTests {
    /// No socket at the path: exit 69, one line naming the ping, the path and ENOENT's text.
    @Test("engine socket absent: exit 69, names the path and No such file")
    func socketAbsent() async throws {
        let environment = try TestEnvironment.load()
        let directory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let socket = directory + "/absent.sock"
        let tool = FaultTool(binary: environment.binary, labelPrefix: "absent.mapper", directory: directory)

        let run = try await tool.run(host: "unix://" + socket)
        #expect(run.status == 69, "\(run)")
        expectFatalLine(run, operation: "GET /_ping", endpoint: "unix://" + socket, cause: "cannot connect: No such file or directory")
        #expect(run.stderrLines.first?.contains("is the Docker engine running?") == true, "\(run)")
    }

    /// The real engine socket (mode 0660, group docker) run as `nobody`, who is in no group:
    /// exit 69, one line naming the path, EACCES's text and the docker-group hint. A dry run, so
    /// that no lock file is needed; the binary is copied where `nobody` may execute it.
    @Test("permission denied on the socket: exit 69, Permission denied, docker group hint")
    func permissionDenied() async throws {
        let environment = try TestEnvironment.load()
        let directory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        // mkdtemp makes it 0700; nobody must reach the copy of the binary inside.
        try #require(chmod(directory, 0o755) == 0)
        let binary = directory + "/ipv6-reconcile"
        try FileManager.default.copyItem(atPath: environment.binary, toPath: binary)
        try #require(chmod(binary, 0o755) == 0)
        let socket = String(environment.dockerHost.dropFirst("unix://".count))
        try #require(access(socket, F_OK) == 0, "the engine socket \(socket) must exist for this test")
        let tool = FaultTool(binary: binary, labelPrefix: "denied.mapper", directory: directory)

        var run = try await tool.runExactly(
            ["--host", environment.dockerHost, "--label-prefix", tool.labelPrefix, "--dry-run"],
            wrapper: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        // A process forked by another test thread while the copy was open for writing holds that
        // descriptor until it execs, and exec of the copy then fails with ETXTBSY: retry briefly.
        for _ in 0..<10 where run.status == 126 && run.output.stderr.contains("Text file busy") {
            try await Task.sleep(for: .milliseconds(200))
            run = try await tool.runExactly(
                ["--host", environment.dockerHost, "--label-prefix", tool.labelPrefix, "--dry-run"],
                wrapper: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        }
        #expect(run.status == 69, "\(run)")
        expectFatalLine(run, operation: "GET /_ping", endpoint: environment.dockerHost, cause: "cannot connect: Permission denied")
        #expect(run.stderrLines.first?.contains("member of the socket's group, e.g. docker") == true, "\(run)")
    }

    /// `DOCKER_HOST` values that are not engine addresses: exit 64 and one line quoting the
    /// value, before any socket is touched. `--host` is not given, so the variable is what counts.
    @Test(
        "malformed DOCKER_HOST: exit 64, one line",
        arguments: [
            "tcp//docker:2375", "unix://", "tcp://docker", "tcp://:2375", "tcp://docker:99999", "ftp://docker",
            "/var/run/docker.sock", "unix:///tmp/a\nb.sock",
        ])
    func malformedDockerHost(_ value: String) async throws {
        let environment = try TestEnvironment.load()
        let directory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let tool = FaultTool(binary: environment.binary, labelPrefix: "malformed.mapper", directory: directory)

        let run = try await tool.runExactly(
            ["--label-prefix", tool.labelPrefix, "--lock-file", tool.lockFile, "--state-file", tool.stateFile],
            environment: ["DOCKER_HOST": value])
        #expect(run.status == 64, "\(run)")
        #expect(run.output.stdout.isEmpty, "\(run)")
        #expect(run.stderrLines.count == 1, "\(run)")
        #expect(run.stderrLines.first?.hasPrefix("ipv6-reconcile: error: engine address ") == true, "\(run)")
        // Quoted, with a newline escaped: the value must not split the line.
        let shown = value.replacingOccurrences(of: "\n", with: "\\u{a}")
        #expect(run.stderrLines.first?.contains("\"\(shown)\"") == true, "the line names the value: \(run)")
        // A usage error comes before the lock: nothing is created.
        #expect(!FileManager.default.fileExists(atPath: tool.lockFile))
    }

    /// A socket path of 108 bytes does not fit `sun_path` (107 plus the NUL): exit 64 and one line
    /// giving the length and the limit, from `--host` and from `DOCKER_HOST` alike. At exactly 107
    /// bytes the path is accepted and the run fails only because nothing listens there (69).
    @Test("over-long socket path: exit 64, one line; 107 bytes is still accepted")
    func overLongSocketPath() async throws {
        let environment = try TestEnvironment.load()
        let directory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let tool = FaultTool(binary: environment.binary, labelPrefix: "long.mapper", directory: directory)
        func path(bytes: Int) -> String {
            let stem = directory + "/"
            return stem + String(repeating: "s", count: bytes - stem.utf8.count)
        }

        let tooLong = path(bytes: 108)
        for run in [
            try await tool.run(host: "unix://" + tooLong),
            try await tool.runExactly(["--label-prefix", tool.labelPrefix], environment: ["DOCKER_HOST": "unix://" + tooLong]),
        ] {
            #expect(run.status == 64, "\(run)")
            #expect(run.output.stdout.isEmpty, "\(run)")
            #expect(run.stderrLines.count == 1, "\(run)")
            #expect(run.stderrLines.first?.contains("socket path is 108 bytes, longer than the 107") == true, "\(run)")
        }

        let longest = path(bytes: 107)
        let accepted = try await tool.run(host: "unix://" + longest)
        #expect(accepted.status == 69, "\(accepted)")
        expectFatalLine(accepted, operation: "GET /_ping", endpoint: "unix://" + longest, cause: "No such file or directory")
    }
    /// A socket file with nobody listening (dockerd died and left it): exit 69 at once, one line
    /// naming the path, ECONNREFUSED's text and the "is the Docker engine running?" hint.
    @Test("stale socket, nobody listening: exit 69, Connection refused")
    func staleSocket() async throws {
        let environment = try TestEnvironment.load()
        let directory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let socket = directory + "/stale.sock"
        let fd = try Self.boundSocket(socket)
        close(fd)  // bound, never listened on, closed: the file stays, connects are refused
        let tool = FaultTool(binary: environment.binary, labelPrefix: "stale.mapper", directory: directory)

        let run = try await tool.run(host: "unix://" + socket)
        #expect(run.status == 69, "\(run)")
        expectFatalLine(run, operation: "GET /_ping", endpoint: "unix://" + socket, cause: "cannot connect: Connection refused")
        #expect(run.stderrLines.first?.contains("is the Docker engine running?") == true, "\(run)")
        #expect(run.seconds < 5, "\(run)")
    }

    /// An engine too busy to accept: its listen backlog is full, so a non-blocking connect to its
    /// Unix socket fails with EAGAIN (nothing is under way, unlike TCP's EINPROGRESS). The tool
    /// keeps trying until `--timeout` and then says the engine did not accept in time. (It once
    /// polled the idle socket instead, which is writable at once, and failed on the send with a
    /// misleading "Transport endpoint is not connected".)
    @Test("engine backlog full: waits for --timeout, then 'did not accept the connection in time'")
    func backlogFull() async throws {
        let environment = try TestEnvironment.load()
        let directory = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let socket = directory + "/busy.sock"
        let listener = try Self.boundSocket(socket)
        defer { close(listener) }
        try #require(listen(listener, 0) == 0)
        // Fill the backlog with connections nobody accepts, until the next one gets EAGAIN.
        var pending: [Int32] = []
        defer { pending.forEach { close($0) } }
        var full = false
        for _ in 0..<8 where !full {
            let client = try Self.unixSocket(nonBlocking: true)
            pending.append(client)
            full = Self.connect(client, to: socket) == EAGAIN
        }
        try #require(full, "the backlog never filled")
        let tool = FaultTool(binary: environment.binary, labelPrefix: "backlog.mapper", directory: directory)

        let run = try await tool.run(host: "unix://" + socket, ["--dry-run", "--timeout", "1"])
        #expect(run.status == 69, "\(run)")
        #expect(run.stderrLines.count == 1, "\(run)")
        #expect(run.seconds < 5, "\(run)")
        expectFatalLine(run, operation: "GET /_ping", endpoint: "unix://" + socket,
            cause: "cannot connect: Connection timed out (the engine did not accept the connection in time)")
        #expect(run.seconds >= 0.9, "the tool waits up to --timeout for the engine to accept: \(run)")
    }

    // MARK: sockets

    /// A Unix stream socket, close-on-exec, optionally non-blocking.
    private static func unixSocket(nonBlocking: Bool = false) throws -> Int32 {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        let fd = socket(AF_UNIX, type, 0)
        guard fd >= 0 else { throw FaultProxyError("socket: \(String(cString: strerror(errno)))") }
        return fd
    }

    /// `path` as a `sockaddr_un`, handed to `body` with its length.
    private static func withAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long: \(path)")
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// A socket bound to `path` (not listening).
    private static func boundSocket(_ path: String) throws -> Int32 {
        let fd = try unixSocket()
        guard withAddress(path, { bind(fd, $0, $1) }) == 0 else {
            let cause = String(cString: strerror(errno))
            close(fd)
            throw FaultProxyError("bind \(path): \(cause)")
        }
        return fd
    }

    /// Connects `fd` to `path`; 0 on success, else the errno.
    private static func connect(_ fd: Int32, to path: String) -> Int32 {
        withAddress(path) { Glibc.connect(fd, $0, $1) } == 0 ? 0 : errno
    }
}

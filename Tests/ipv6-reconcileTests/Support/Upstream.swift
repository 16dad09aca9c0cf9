import Foundation

/// The upstream router the harness made (a network namespace that routes 2001:db8::/32 to the
/// engine's namespace over a veth pair): the tests' stand-in for the internet, from where a
/// container's stable address must answer. Connections are made with the host's static busybox
/// inside that namespace (`nsenter --net`), so nothing leaves the namespaces the harness made.
struct Upstream: Sendable {
    /// `/proc/PID/ns/net` of the upstream namespace.
    let netns: String

    /// What an HTTP GET from upstream got.
    enum Answer: Hashable, Sendable, CustomStringConvertible {
        /// The server answered with this body.
        case answered(String)
        /// Nothing answered: refused, dropped, timed out (the text says which).
        case failed(String)

        /// Whether a server answered.
        var answered: Bool {
            if case .answered = self { return true }
            return false
        }

        /// The answer, for messages.
        var description: String {
            switch self {
            case .answered(let body): "answered \(body.debugDescription)"
            case .failed(let why): "no answer (\(why))"
            }
        }
    }

    /// Forgets what the upstream router learnt of `address`'s neighbour (a failed solicitation
    /// stays cached for seconds, as on a real router), so the next connection solicits anew.
    func forgetNeighbour(_ address: IPv6Value) async throws {
        _ = try await ProcessRunner.run(
            "/usr/bin/nsenter", ["--net=\(netns)", "ip", "-6", "neigh", "flush", "to", address.description], environment: ProcessRunner.environment())
    }

    /// `GET /` to `[address]:port` from the upstream namespace, with a 3 s deadline: a port the
    /// engine's firewall drops times out, a closed one is refused. The request is written by hand
    /// through busybox `nc`, since Debian 12's static busybox `wget` crashes (SIGSEGV) here.
    func get(_ address: IPv6Value, port: Int) async throws -> Answer {
        // busybox nc's -w does not bound a connect whose SYNs are dropped: timeout(1) does; env(1) first
        // restores SIGTERM, which the test runner's children inherit as ignored.
        let output = try await ProcessRunner.run(
            "/usr/bin/timeout", ["3", "/usr/bin/env", "--default-signal=TERM", "/usr/bin/nsenter", "--net=\(netns)", "/bin/busybox", "nc", "-w", "2", address.description, String(port)],
            environment: ProcessRunner.environment(), input: Data("GET / HTTP/1.0\r\nHost: test\r\n\r\n".utf8),
            timeout: .seconds(20))
        guard output.status == 0, output.stdout.hasPrefix("HTTP/1."), let end = output.stdout.range(of: "\r\n\r\n") else {
            let why = output.status == 124 ? "no answer within 3 s" : output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return .failed(why.isEmpty ? "nc exited \(output.status), read \(output.stdout.prefix(60).debugDescription)" : why)
        }
        return .answered(output.stdout[end.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

import Foundation
import Testing

/// `ipv6-reconcile --check` on real topologies, run inside the engine's network namespace (whose
/// `/proc/sys/net` and routes are that namespace's own: the "host" of these tests). Each test
/// breaks one step of the recipe, checks that `--check` names it with a fix, proves the verdict
/// with a real connection from the upstream namespace (it fails), applies the printed fix as
/// printed, and proves it again (it answers). Whatever happens, each test puts back what it
/// changed in the engine's namespace.
///
/// These tests change namespace-wide settings (IPv6 forwarding, routes) that every other test's
/// connections depend on, so the suite is serialized, and scripts/test runs it after the rest of
/// the suite, on its own.
@Suite("Host check", .serialized, .needsEngine)
struct HostCheckTests {
    /// The busybox image's httpd on port 80.
    static let webServer = ["httpd", "-f", "-p", "80", "-h", "/www"]
    /// What the harness put in /www/index.html.
    static let page = "ipv6-reconcile test page"
    /// The engine side of the harness's veth pair, and its upstream peer.
    static let uplink = "v6r-eng"
    /// The upstream end of it.
    static let upstreamLink = "v6r-up"

    // MARK: routed prefix, forwarding off, then on

    @Test("forwarding off: host.forwarding fails, upstream gets no answer; the printed fix makes it answer")
    func forwardingOff() async throws {
        try await EngineFixture.with { fixture in
            let host = HostNamespace(environment: fixture.environment)
            let (address, network) = try await Self.reachableContainer(fixture)
            let upstream = Upstream(netns: fixture.environment.upstreamNetns)
            try #require(try await upstream.get(address, port: 80) == .answered(Self.page), "the setup answers before the test breaks it")

            try await host.restoring("net/ipv6/conf/all/forwarding") {
                try await host.run("echo 0 >/proc/sys/net/ipv6/conf/all/forwarding")
                let before = try await CheckRun.inNamespace(fixture)
                let forwarding = try before.only("host.forwarding")
                #expect(forwarding.status == "fail", "\(before)")
                #expect(before.exitStatus == 3, "\(before)")
                // The network's /64 is not on any link of the namespace: routed, said as info.
                #expect(try before.only("prefix.delivery", subject: network.name).status == "info", "\(before)")
                let broken = try await upstream.get(address, port: 80)
                #expect(!broken.answered, "forwarding off, yet upstream got \(broken)")

                try await host.applyAsPrinted(try #require(forwarding.fix))
                let after = try await CheckRun.inNamespace(fixture)
                #expect(try after.only("host.forwarding").status == "ok", "\(after)")
                #expect(try await host.read("net/ipv6/conf/all/forwarding") == "1")
                let fixed = try await upstream.get(address, port: 80)
                #expect(fixed == .answered(Self.page), "after the fix: \(fixed)")
            }
        }
    }

    // MARK: on-link /64

    @Test("on-link prefix: prefix.delivery fails without proxy NDP and without proxy entries; the printed fix makes it answer")
    func onLinkPrefix() async throws {
        try await EngineFixture.with { fixture in
            let host = HostNamespace(environment: fixture.environment)
            let upstream = Upstream(netns: fixture.environment.upstreamNetns)
            // The harness's veth pair is a /64 link (2001:db8:0:ffff::/64): the upstream router
            // reaches any address of it by neighbour solicitation, not through its route to the
            // engine. A /80 of that /64 for the network is an ISP's on-link /64 in miniature.
            let group = String(0x1000 + Int.random(in: 0..<0xe000), radix: 16)
            let onLink = "2001:db8:0:ffff:\(group)::/80"
            if fixture.environment.isPodman {
                // Podman (4.3.1 and 5.4.2 alike) refuses a subnet inside a prefix on the host's
                // links: this topology cannot be made there, and the user needs a routed prefix.
                let refused = try await fixture.docker.run(["network", "create", "--ipv6", "--subnet", onLink, fixture.names.name("onlink")])
                #expect(refused.status != 0 && refused.stderr.contains("is already used on the host"), "\(refused)")
                if refused.status == 0 { _ = try? await fixture.docker.run(["network", "rm", fixture.names.name("onlink")]) }
                return
            }
            let network = try await fixture.createNetwork("onlink", preferred: onLink)
            try #require(network.subnet.description == "2001:db8:0:ffff:\(group)::/80", "the on-link /80 was taken: \(network.subnet)")
            _ = try await fixture.runLabelled(on: network, command: Self.webServer)
            let apply = try await fixture.reconciler.run()
            try #require(apply.status == 0, "\(apply)")
            let address = try #require(apply.reportLines("connected").first?.addresses.first, "\(apply)")

            try await host.restoring(
                ["net/ipv6/conf/\(Self.uplink)/proxy_ndp"], cleanup: "ip -6 neigh del proxy \(address) dev \(Self.uplink) 2>/dev/null || true"
            ) {
                // Neither proxy_ndp nor an entry.
                let none = try await CheckRun.inNamespace(fixture)
                let delivery = try none.only("prefix.delivery", subject: network.name)
                #expect(delivery.status == "fail" && delivery.message.contains("on-link on \(Self.uplink)"), "\(none)")
                #expect(delivery.fix == "sysctl -w net.ipv6.conf.\(Self.uplink).proxy_ndp=1 && (grep -qxF 'net.ipv6.conf.\(Self.uplink).proxy_ndp = 1' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.\(Self.uplink).proxy_ndp = 1' >> /etc/sysctl.d/90-ipv6-reconcile.conf) && ip -6 neigh add proxy \(address) dev \(Self.uplink)", "\(none)")
                var answer = try await upstream.get(address, port: 80)
                #expect(!answer.answered, "nobody answers the router's solicitation, yet upstream got \(answer)")

                // proxy_ndp alone: the entry is still missing, and the check still says so.
                try await host.run("echo 1 >/proc/sys/net/ipv6/conf/\(Self.uplink)/proxy_ndp")
                let half = try await CheckRun.inNamespace(fixture)
                let halfDelivery = try half.only("prefix.delivery", subject: network.name)
                #expect(halfDelivery.status == "fail" && halfDelivery.fix == "ip -6 neigh add proxy \(address) dev \(Self.uplink)", "\(half)")
                answer = try await upstream.get(address, port: 80)
                #expect(!answer.answered, "proxy_ndp without an entry, yet upstream got \(answer)")

                // Back to neither, then the first fix as printed.
                try await host.run("echo 0 >/proc/sys/net/ipv6/conf/\(Self.uplink)/proxy_ndp")
                try await host.applyAsPrinted(try #require(delivery.fix))
                let fixed = try await CheckRun.inNamespace(fixture)
                #expect(try fixed.only("prefix.delivery", subject: network.name).status == "ok", "\(fixed)")
                answer = try await upstream.get(address, port: 80)
                #expect(answer == .answered(Self.page), "after the fix: \(answer)")
            }
        }
    }

    // MARK: default route from router advertisements

    @Test("default route from router advertisements: accept_ra 1 warns before forwarding and fails with it; accept_ra 2 keeps it")
    func acceptRA() async throws {
        try await EngineFixture.with { fixture in
            let host = HostNamespace(environment: fixture.environment)
            let sysctls = ["net/ipv6/conf/all/forwarding", "net/ipv6/conf/\(Self.uplink)/accept_ra", "net/ipv6/conf/\(Self.uplink)/forwarding"]
            try await host.restoring(sysctls, cleanup: "ip -6 route flush default 2>/dev/null || true") {
                // A host whose uplink learns its default route from the router, forwarding off.
                try await host.run("echo 0 >/proc/sys/net/ipv6/conf/all/forwarding && echo 1 >/proc/sys/net/ipv6/conf/\(Self.uplink)/accept_ra")
                try await host.sendRouterAdvertisement(lifetime: 600)
                try #require(try await host.defaultRoute().contains("proto ra"), "the advertisement gave no default route")
                let off = try await CheckRun.inNamespace(fixture)
                let warning = try off.only("host.accept-ra", subject: Self.uplink)
                #expect(warning.status == "warn", "\(off)")
                #expect(warning.fix == Self.acceptRAFix, "\(off)")
                // Turning forwarding on would remove the route at once: the forwarding fix sets
                // accept_ra 2 first, and applied as printed, it keeps the route.
                let forwarding = try off.only("host.forwarding")
                #expect(forwarding.status == "fail" && forwarding.fix?.hasPrefix(Self.acceptRAFix + " && ") == true, "\(off)")
                try await host.applyAsPrinted(try #require(forwarding.fix))
                #expect(try await host.read("net/ipv6/conf/all/forwarding") == "1")
                #expect(try await host.defaultRoute().contains("proto ra"), "the forwarding fix lost the learned default route")
                let kept = try await CheckRun.inNamespace(fixture)
                #expect(try kept.only("host.accept-ra", subject: Self.uplink).status == "ok", "\(kept)")

                // What the warning was about: forwarding turned on by hand, with accept_ra 1,
                // removes the route at once, and the next advertisement is ignored.
                try await host.run("ip -6 route flush default; echo 0 >/proc/sys/net/ipv6/conf/all/forwarding && echo 1 >/proc/sys/net/ipv6/conf/\(Self.uplink)/accept_ra")
                try await host.sendRouterAdvertisement(lifetime: 600)
                try #require(try await host.defaultRoute().contains("proto ra"), "the advertisement gave no default route")
                try await host.run("echo 1 >/proc/sys/net/ipv6/conf/all/forwarding")
                #expect(try await host.defaultRoute().isEmpty, "forwarding on kept the learned route")
                try await host.sendRouterAdvertisement(lifetime: 600)
                #expect(try await host.defaultRoute().isEmpty, "an advertisement was heard with forwarding on and accept_ra 1")

                // A default route proto ra with accept_ra 1 and forwarding on: the failure.
                try await host.run("ip -6 route add default via 2001:db8:0:ffff::1 dev \(Self.uplink) proto ra")
                let on = try await CheckRun.inNamespace(fixture)
                let failure = try on.only("host.accept-ra", subject: Self.uplink)
                #expect(failure.status == "fail" && on.exitStatus == 3, "\(on)")
                try await host.run("ip -6 route flush default")

                // The fix as printed; then the router's advertisement is heard with forwarding on.
                try await host.applyAsPrinted(try #require(failure.fix))
                try await host.sendRouterAdvertisement(lifetime: 600)
                #expect(try await host.defaultRoute().contains("proto ra"), "accept_ra 2, forwarding on: the advertisement was not heard")
                let fixed = try await CheckRun.inNamespace(fixture)
                #expect(try fixed.only("host.accept-ra", subject: Self.uplink).status == "ok", "\(fixed)")
                #expect(try fixed.only("host.default-route").status == "ok", "\(fixed)")
            }
        }
    }

    /// `sysctl -w ...accept_ra=2` and its line in the sysctl.d file, for the uplink.
    static let acceptRAFix =
        "sysctl -w net.ipv6.conf.\(uplink).accept_ra=2 && (grep -qxF 'net.ipv6.conf.\(uplink).accept_ra = 2' /etc/sysctl.d/90-ipv6-reconcile.conf 2>/dev/null || echo 'net.ipv6.conf.\(uplink).accept_ra = 2' >> /etc/sysctl.d/90-ipv6-reconcile.conf)"

    // MARK: a nat network under Docker 28.5's firewall

    @Test("a network created as the old walkthrough did: gateway-mode and exposure fail under a firewall; the printed fix makes it answer")
    func natNetwork() async throws {
        try await EngineFixture.with { fixture in
            let environment = fixture.environment
            let upstream = Upstream(netns: environment.upstreamNetns)
            let network = try await fixture.createNetwork("nat", options: [])
            let (container, _) = try await fixture.runLabelled(on: network, options: ["-p", "80"], command: Self.webServer)
            let apply = try await fixture.reconciler.run()
            try #require(apply.reportLines("connected").count == 1, "\(apply)")
            let address = try #require(apply.reportLines("connected").first?.addresses.first, "\(apply)")

            let check = try await CheckRun.inNamespace(fixture)
            let mode = try check.only("network.gateway-mode", subject: network.name)
            let exposure = try check.only("container.exposure", subject: container.name)
            let answer = try await upstream.get(address, port: 80)
            guard environment.firewallOn else {
                // No engine firewall: nothing masquerades, and the address answers.
                #expect(mode.status == "ok" && exposure.status == "ok", "\(check)")
                #expect(answer == .answered(Self.page), "\(check); upstream: \(answer)")
                return
            }
            #expect(mode.status == "fail" && exposure.status == "fail", "\(check)")
            #expect(!answer.answered, "the check says masquerading, yet upstream got \(answer)")

            // The fix as printed: its command (everything before the notes in parentheses),
            // then this tool's run.
            let fix = try #require(mode.fix)
            let notes = try #require(fix.range(of: " (add any other options"), "\(fix)")
            let command = String(fix[..<notes.lowerBound])
            let recreate = try await ProcessRunner.run(
                "/bin/sh", ["-c", command], environment: ProcessRunner.environment(setting: ["DOCKER_HOST": environment.dockerHost]))
            try #require(recreate.status == 0, "\(recreate)")
            let again = try await fixture.reconciler.run()
            #expect(again.reportLines("connected").flatMap(\.addresses) == [address], "reconnected at the same address: \(again)")
            let fixed = try await CheckRun.inNamespace(fixture)
            #expect(try fixed.only("network.gateway-mode", subject: network.name).status == "ok", "\(fixed)")
            #expect(try fixed.only("container.exposure", subject: container.name).status == "ok", "\(fixed)")
            let after = try await upstream.get(address, port: 80)
            #expect(after == .answered(Self.page), "after the fix: \(after)")
        }
    }

    // MARK: a /56 on Docker before 28

    @Test("a /56 with a suffix above the low 64 bits: subnet-size fails on Docker before 28 (20.10, 26.1), where the engine shortens the address")
    func wideSubnet() async throws {
        try await EngineFixture.with { fixture in
            let environment = fixture.environment
            let group = String(0x100 * Int.random(in: 0x10..<0xff), radix: 16)
            let network = try await fixture.createNetwork("wide", preferred: "2001:db8:\(group)::/56")
            try #require(network.subnet.description == "2001:db8:\(group)::/56", "\(network.subnet)")
            // Right-aligned: 2001:db8:GROUP:1::5.
            let container = try await fixture.runContainer("web", labels: fixture.labels(networks: [network.name], suffix: "1:0:0:0:5"))
            let wanted = try #require(IPv6Value("2001:db8:\(group):1::5"))
            let check = try await CheckRun.inNamespace(fixture)
            let size = check.checks.filter { $0.id == "network.subnet-size" }
            _ = try await fixture.reconciler.run()
            let got = try await fixture.docker.endpoints(ofContainer: container.name)[network.name]?.ipv6
            // Measured: 20.10.24 and 26.1.5 both keep only the low 64 bits; 28.5 keeps the address.
            if ["docker-20.10", "docker-26.1"].contains(environment.engine) {
                #expect(size.count == 1 && size.first?.status == "fail" && size.first?.message.contains("comes up as 2001:db8:\(group)::5") == true, "\(check)")
                #expect(got == IPv6Value("2001:db8:\(group)::5"), "\(environment.engine) shortened \(wanted) to \(String(describing: got)), as the check says")
            } else {
                #expect(size.isEmpty, "\(check)")
                #expect(got == wanted, "\(environment.engine) gave \(String(describing: got))")
            }
        }
    }

    // MARK: another namespace than the engine's

    @Test("in another namespace than the engine's, --check says so and judges no prefix delivery")
    func otherNamespace() async throws {
        try await EngineFixture.with { fixture in
            _ = try await Self.reachableContainer(fixture)
            // The upstream namespace: an interface up, routes, sysctls, but not the engine's bridges.
            let check = try await CheckRun.run(fixture, prefix: ["/usr/bin/nsenter", "--net=\(fixture.environment.upstreamNetns)"])
            let namespace = try check.only("host.engine-namespace")
            #expect(namespace.status == "fail" && check.exitStatus == 3, "\(check)")
            #expect(!check.checks.contains { $0.id == "prefix.delivery" }, "\(check)")
            let inEngine = try await CheckRun.inNamespace(fixture)
            #expect(try inEngine.only("host.engine-namespace").status == "ok", "\(inEngine)")
        }
    }

    // MARK: a namespace with only lo

    @Test("in a namespace with only lo, --check says so instead of judging it")
    func loopbackOnly() async throws {
        try await EngineFixture.with { fixture in
            let check = try await CheckRun.run(fixture, prefix: ["/usr/bin/unshare", "--net"])
            #expect(check.checks.filter { $0.subject.kind == "host" }.map(\.id) == ["host.namespace"], "\(check)")
            #expect(try check.only("host.namespace").status == "fail", "\(check)")
            #expect(check.checks.contains { $0.id == "engine.api" && $0.status == "ok" }, "the engine checks still run: \(check)")
            #expect(!check.checks.contains { $0.id == "prefix.delivery" }, "\(check)")
            #expect(check.exitStatus == 3, "\(check)")
        }
    }

    // MARK: helpers

    /// A labelled container serving on port 80 on a fresh /64, connected by one run; on an
    /// engine whose firewall is on, the fixture's network is nat-unprotected, so every port answers.
    static func reachableContainer(_ fixture: EngineFixture) async throws -> (IPv6Value, TestNetwork) {
        let network = try await fixture.createNetwork("net")
        _ = try await fixture.runLabelled(on: network, command: webServer)
        let apply = try await fixture.reconciler.run()
        try #require(apply.status == 0, "\(apply)")
        return (try #require(apply.reportLines("connected").first?.addresses.first, "\(apply)"), network)
    }
}

/// One `--check --output json` run, decoded.
struct CheckRun: CustomStringConvertible {
    /// One check.
    struct Check {
        /// Its subject.
        struct Subject { let kind: String; let name: String? }
        let id: String
        let status: String
        let subject: Subject
        let message: String
        let fix: String?
    }

    let output: ProcessOutput
    let exitStatus: Int32
    let checks: [Check]

    /// The run, for failure messages.
    var description: String { output.description }

    /// `--check` run inside the engine's namespace.
    static func inNamespace(_ fixture: EngineFixture) async throws -> CheckRun {
        try await run(fixture, prefix: ["/usr/bin/nsenter", "--net=\(fixture.environment.engineNetns)"])
    }

    /// `--check --output json` run under `prefix` (a namespace-entering command).
    static func run(_ fixture: EngineFixture, prefix: [String]) async throws -> CheckRun {
        let reconciler = fixture.reconciler
        var arguments = Array(prefix.dropFirst()) + [reconciler.binary, "--host", reconciler.host]
        if let labelPrefix = reconciler.labelPrefix { arguments += ["--label-prefix", labelPrefix] }
        arguments += ["--check", "--output", "json"]
        let output = try await ProcessRunner.run(prefix[0], arguments, environment: ProcessRunner.environment(), timeout: .seconds(60))
        let document = try #require(
            try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "not a JSON object: \(output)")
        let items = try #require(document["checks"] as? [[String: Any]], "\(output)")
        let checks = try items.map { item in
            let subject = try #require(item["subject"] as? [String: Any], "\(output)")
            return Check(
                id: item["id"] as? String ?? "", status: item["status"] as? String ?? "",
                subject: .init(kind: subject["kind"] as? String ?? "", name: subject["name"] as? String),
                message: item["message"] as? String ?? "", fix: item["fix"] as? String)
        }
        #expect((document["exitStatus"] as? NSNumber)?.int32Value == output.status, "\(output)")
        return CheckRun(output: output, exitStatus: output.status, checks: checks)
    }

    /// The one check with `id` (and subject name), or a failure.
    func only(_ id: String, subject: String? = nil) throws -> Check {
        let found = checks.filter { $0.id == id && (subject == nil || $0.subject.name == subject) }
        return try #require(found.count == 1 ? found.first : nil, "expected one \(id) check\(subject.map { " on \($0)" } ?? ""): \(output)")
    }
}

/// The engine's network namespace, as the "host" these tests change and put back.
struct HostNamespace {
    /// `/proc/PID/ns/net`.
    let netns: String
    /// The upstream namespace, for router advertisements.
    let upstream: String

    init(environment: TestEnvironment) {
        netns = environment.engineNetns
        upstream = environment.upstreamNetns
    }

    /// Runs `sh -c script` in the namespace; throws unless it succeeds.
    func run(_ script: String) async throws {
        let output = try await ProcessRunner.run("/usr/bin/nsenter", ["--net=\(netns)", "/bin/sh", "-c", script], environment: ProcessRunner.environment())
        try #require(output.status == 0, "\(output)")
    }

    /// What `sh -c script` prints in the namespace; throws unless it succeeds.
    func output(_ script: String) async throws -> String {
        let output = try await ProcessRunner.run("/usr/bin/nsenter", ["--net=\(netns)", "/bin/sh", "-c", script], environment: ProcessRunner.environment())
        try #require(output.status == 0, "\(output)")
        return output.stdout
    }

    /// A sysctl of the namespace (`net/ipv6/conf/all/forwarding`).
    func read(_ sysctl: String) async throws -> String {
        let output = try await ProcessRunner.run("/usr/bin/nsenter", ["--net=\(netns)", "/bin/cat", "/proc/sys/" + sysctl], environment: ProcessRunner.environment())
        try #require(output.status == 0, "\(output)")
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `ip -6 route show default`.
    func defaultRoute() async throws -> String {
        let output = try await ProcessRunner.run("/usr/bin/nsenter", ["--net=\(netns)", "ip", "-6", "route", "show", "default"], environment: ProcessRunner.environment())
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a fix exactly as `--check` printed it, in the namespace. Its persistent part writes
    /// under /etc/sysctl.d: that goes to a tmpfs in a mount namespace of its own, so the
    /// machine's /etc is never written.
    func applyAsPrinted(_ fix: String) async throws {
        let output = try await ProcessRunner.run(
            "/usr/bin/nsenter", ["--net=\(netns)", "/usr/bin/unshare", "--mount", "/bin/sh", "-ec", "test -d /etc/sysctl.d; mount -t tmpfs v6r-test /etc/sysctl.d; " + fix],
            environment: ProcessRunner.environment())
        try #require(output.status == 0, "the printed fix failed: \(fix): \(output)")
    }

    /// One router advertisement from the upstream end of the veth pair, and a moment for the
    /// kernel to act on it.
    func sendRouterAdvertisement(lifetime: Int) async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/lib/send_ra.py").standardized.path
        let output = try await ProcessRunner.run(
            "/usr/bin/nsenter", ["--net=\(upstream)", "/usr/bin/python3", script, HostCheckTests.upstreamLink, String(lifetime)], environment: ProcessRunner.environment())
        try #require(output.status == 0, "\(output)")
        try await Task.sleep(for: .milliseconds(300))
    }

    /// Runs `body`, then runs `cleanup` (a shell script) and writes back the sysctls as they
    /// were, whatever happened.
    func restoring<T>(_ sysctls: [String], cleanup: String? = nil, _ body: () async throws -> T) async throws -> T {
        var saved: [(String, String)] = []
        for name in sysctls { saved.append((name, try await read(name))) }
        func restore() async {
            if let cleanup { _ = try? await run(cleanup) }
            for (name, value) in saved.reversed() {
                _ = try? await run("echo \(value) >/proc/sys/\(name)")
            }
        }
        do {
            let result = try await body()
            await restore()
            return result
        } catch {
            await restore()
            throw error
        }
    }

    /// ``restoring(_:cleanup:_:)`` for one sysctl.
    func restoring<T>(_ sysctl: String, _ body: () async throws -> T) async throws -> T {
        try await restoring([sysctl], body)
    }
}

import Foundation
import Testing

/// The walkthrough's last step, for real: after one run of the tool, an HTTP GET from the upstream
/// namespace to the container's stable address, on ports 80 and 81 (the container serves both).
/// Every scenario runs on every engine of the matrix; what the engine lets through differs (20.10
/// runs with its firewall off, 28.5 with it on, 26.1 with its defaults: no IPv6 firewall), and in each case the tool's exposure verdict is
/// checked twice: against the rule the scenario expects on this engine, and against what the
/// connections really did.
@Suite("Reachability", .needsEngine)
struct ReachabilityTests {
    /// What a verdict should say.
    enum Expected: Sendable, CustomStringConvertible {
        /// `reachable: true, ports: null`.
        case allPorts
        /// `reachable: true, ports: [...]`.
        case ports([String])
        /// `reachable: false`, with this phrase in the reason.
        case notReachable(String)

        /// For failure messages.
        var description: String {
            switch self {
            case .allPorts: "reachable on all ports"
            case .ports(let ports): "reachable on \(ports) only"
            case .notReachable(let phrase): "not reachable (\(phrase))"
            }
        }
    }

    /// One way a user sets things up.
    struct Scenario: Sendable, CustomTestStringConvertible {
        /// What it is.
        let name: String
        /// `docker network create` options of the labelled network.
        let networkOptions: [String]
        /// `docker run` options of the container.
        let containerOptions: [String]
        /// Whether the container is first connected by hand to another (nat) network whose name
        /// sorts before the labelled one, which Docker 28 then makes its IPv6 gateway.
        let gatewayElsewhere: Bool
        /// The verdict on an engine whose firewall is off.
        let withoutFirewall: Expected
        /// The verdict on an engine whose firewall is on.
        let withFirewall: Expected
        /// The verdict on Podman, when it differs from `withoutFirewall` (it filters nothing, and
        /// ignores Docker's gateway modes).
        var onPodman: Expected? = nil
        /// Whether the container is also connected by hand to a routed network (other than the
        /// labelled one) that can carry its replies.
        var alsoOnRouted = false

        /// The test's name in reports.
        var testDescription: String { name }
    }

    static let routed = ["-o", "com.docker.network.bridge.gateway_mode_ipv6=routed"]

    static let scenarios: [Scenario] = [
        // The old walkthrough's `docker network create --ipv6 --subnet ...`: Docker 27+ masquerades.
        Scenario(name: "network as the walkthrough creates it", networkOptions: [], containerOptions: [],
            gatewayElsewhere: false, withoutFirewall: .allPorts, withFirewall: .notReachable("masquerades IPv6")),
        // Routed, but Docker 28 drops unpublished ports.
        Scenario(name: "routed, no published port", networkOptions: routed, containerOptions: [],
            gatewayElsewhere: false, withoutFirewall: .allPorts, withFirewall: .notReachable("publishes no port on IPv6")),
        // The updated walkthrough: routed and -p 80:80 (the only test that takes host port 80).
        Scenario(name: "routed, -p 80:80", networkOptions: routed, containerOptions: ["-p", "80:80"],
            gatewayElsewhere: false, withoutFirewall: .allPorts, withFirewall: .ports(["80/tcp"])),
        // Published on IPv4 only: the IPv6 address stays closed.
        Scenario(name: "routed, -p 0.0.0.0::80 (IPv4 only)", networkOptions: routed, containerOptions: ["-p", "0.0.0.0::80"],
            gatewayElsewhere: false, withoutFirewall: .allPorts, withFirewall: .notReachable("publishes no port on IPv6")),
        // Published on IPv6 only: listed by nothing before the connect, found in the bindings.
        Scenario(name: "routed, -p [::]::80 (IPv6 only)", networkOptions: routed, containerOptions: ["-p", "[::]::80"],
            gatewayElsewhere: false, withoutFirewall: .allPorts, withFirewall: .ports(["80/tcp"])),
        // nat-unprotected: the firewall lets everything through.
        Scenario(name: "nat-unprotected", networkOptions: ["-o", "com.docker.network.bridge.gateway_mode_ipv6=nat-unprotected"],
            containerOptions: [], gatewayElsewhere: false, withoutFirewall: .allPorts, withFirewall: .allPorts),
        // Internal: no gateway, on every engine.
        Scenario(name: "internal network", networkOptions: ["--internal"], containerOptions: [],
            gatewayElsewhere: false, withoutFirewall: .notReachable("internal"), withFirewall: .notReachable("internal")),
        // Internal, but the container is on a routed network too: replies leave through it, so
        // where nothing filters, the internal address answers; Docker 28's isolation drops it.
        Scenario(name: "internal network, replies through another network", networkOptions: ["--internal"], containerOptions: [],
            gatewayElsewhere: false, withoutFirewall: .allPorts, withFirewall: .notReachable("isolates internal networks"),
            alsoOnRouted: true),
        // Routed with -p 80, but the ports are set up on the container's IPv6 gateway network.
        Scenario(name: "routed, -p 80, another network is the IPv6 gateway", networkOptions: routed, containerOptions: ["-p", "80"],
            gatewayElsewhere: true, withoutFirewall: .allPorts, withFirewall: .notReachable("IPv6 gateway")),
    ]

    /// The busybox image's httpd serving the harness's test page on ports 80 and 81.
    static let webServer = ["sh", "-c", "httpd -p 80 -h /www && exec httpd -f -p 81 -h /www"]
    /// What the harness put in /www/index.html.
    static let page = "ipv6-reconcile test page"

    @Test("the verdict matches a real connection from upstream", arguments: scenarios)
    func verdictMatchesConnection(_ scenario: Scenario) async throws {
        try await EngineFixture.with { fixture in
            let environment = fixture.environment
            let expected: Expected
            switch environment.firewall {
            case .on: expected = scenario.withFirewall
            case .off: expected = scenario.withoutFirewall
            // Docker 26.1 as installed: no IPv6 firewall of its own (ip6tables defaults to off
            // before 27), and no gateway modes (27.0 added them): every port answers.
            case .defaults: expected = scenario.withoutFirewall
            case .podman: expected = scenario.onPodman ?? scenario.withoutFirewall
            }
            let upstream = Upstream(netns: environment.upstreamNetns)
            if scenario.gatewayElsewhere {
                // Created first so that its name ("a-gw") sorts before the labelled one ("net").
                _ = try await fixture.createNetwork("a-gw", options: [])
            }
            let network = try await fixture.createNetwork("net", options: scenario.networkOptions)
            let (container, _) = try await fixture.runLabelled(on: network, options: scenario.containerOptions, command: Self.webServer)
            if scenario.gatewayElsewhere {
                try await fixture.connectByHand(container.name, to: fixture.names.name("a-gw"))
            }
            if scenario.alsoOnRouted {
                let replies = try await fixture.createNetwork("replies", options: Self.routed)
                try await fixture.connectByHand(container.name, to: replies.name)
            }

            let first = try await fixture.reconciler.run()
            #expect(first.status == 0, "an unreachable address is a warning, not a problem: \(first)")
            #expect(first.reportLines("connected").map(\.container) == [container.name], "\(first)")
            let warnings = first.conditionLines("not reachable")
            if case .notReachable(let phrase) = expected {
                #expect(warnings.count == 1 && warnings[0].detail.contains(phrase), "the apply run says why, once: \(first)")
                #expect(warnings.first?.detail.contains("fix: ") == true, "and how to fix it: \(first)")
            } else {
                #expect(warnings.isEmpty, "\(first)")
            }

            let report = try await fixture.reconciler.run("--dry-run", "--output", "json")
            let pair = try Self.onlyPair(report)
            let exposure = try #require(pair["exposure"] as? [String: Any], "no exposure object: \(report)")
            let address = try #require((pair["currentAddress"] as? String).flatMap(IPv6Value.init), "\(report)")
            let reachable = exposure["reachable"] as? Bool
            let ports = exposure["ports"] as? [String]
            let reason = exposure["reason"] as? String ?? ""

            // The verdict this engine's rules give.
            switch expected {
            case .allPorts: #expect(reachable == true && exposure["ports"] is NSNull, "expected \(expected): \(report)")
            case .ports(let wanted): #expect(reachable == true && ports == wanted, "expected \(expected): \(report)")
            case .notReachable(let phrase):
                #expect(reachable == false && reason.contains(phrase), "expected \(expected): \(report)")
            }

            // And what really happened: port 80, and port 81, which is never published.
            let on80 = try await upstream.get(address, port: 80)
            let on81 = try await upstream.get(address, port: 81)
            let context = "\(scenario.name) on \(environment.engine): verdict \(exposure), port 80 \(on80), port 81 \(on81)"
            switch (reachable, ports) {
            case (true?, nil):
                #expect(on80 == .answered(Self.page) && on81 == .answered(Self.page), "\(context)")
            case (true?, let open?):
                #expect(on80.answered == open.contains("80/tcp") && on81.answered == open.contains("81/tcp"), "\(context)")
                #expect(on80.answered || on81.answered, "a verdict of open ports must open one: \(context)")
            case (false?, _):
                #expect(!on80.answered && !on81.answered, "\(context)")
            case (nil, _):
                Issue.record("the verdict is unknown on an engine whose state the tests know: \(context)")
            }

            // The warning is logged once, not on every run of the timer.
            let second = try await fixture.reconciler.run()
            #expect(second.status == 0 && second.stdout.isEmpty && second.stderr.isEmpty, "\(second)")
        }
    }

    /// The one pair of a JSON report.
    static func onlyPair(_ run: ProcessOutput) throws -> [String: Any] {
        let document = try #require(
            try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "not a JSON object: \(run)")
        let pairs = try #require(document["pairs"] as? [[String: Any]], "\(run)")
        try #require(pairs.count == 1, "\(run)")
        return pairs[0]
    }
}

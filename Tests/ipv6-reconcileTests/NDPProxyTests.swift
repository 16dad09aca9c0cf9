import Foundation
import Testing

/// `--ndp-proxy` on the on-link topology of ``HostCheckTests/onLinkPrefix()``: the harness's veth
/// pair is a /64 link, the labelled network a /80 inside it, so the upstream router reaches each
/// container address only if the engine's namespace answers its neighbour solicitation. Runs in
/// the engine's namespace, as a run on the host would, and proves each step with a connection
/// from upstream. A member of the serialized host-check suite: it changes proxy_ndp and the
/// proxy table, which the other host checks read.
extension HostCheckTests {
    /// The tool's own proxy entries on the uplink, as `ip -6 neigh show proxy proto 212` lists them.
    static func ownProxyEntries(_ host: HostNamespace) async throws -> [String] {
        try await host.output("ip -6 neigh show proxy proto 212 dev \(uplink)").split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map(String.init)
        }.sorted()
    }

    /// The `proxied`/`unproxied`/`proxy`/`unproxy` lines of a run, as `KIND ADDRESS`.
    static func proxyLines(_ output: ProcessOutput) -> [String] {
        output.stdout.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let kind = words.first, ["proxied", "unproxied", "proxy", "unproxy"].contains(kind), words.count >= 4,
                words[2] == "on", words[3] == Substring(uplink)
            else { return nil }
            return "\(kind) \(words[1])"
        }.sorted()
    }

    @Test("--ndp-proxy: entries added and answered, hand-made ones untouched, a gone container's removed, a lost one restored, silent in sync")
    func ndpProxyKeepsEntries() async throws {
        try await EngineFixture.with { fixture in
            // Podman refuses this topology (HostCheckTests.onLinkPrefix asserts that it still does).
            guard !fixture.environment.isPodman else { return }
            let host = HostNamespace(environment: fixture.environment)
            let upstream = Upstream(netns: fixture.environment.upstreamNetns)
            let group = String(0x1000 + Int.random(in: 0..<0xe000), radix: 16)
            let network = try await fixture.createNetwork("ndp", preferred: "2001:db8:0:ffff:\(group)::/80")
            try #require(network.subnet.description == "2001:db8:0:ffff:\(group)::/80", "the on-link /80 was taken: \(network.subnet)")
            let (web, webAddress) = try await fixture.runLabelled("web", on: network, command: Self.webServer)
            let (other, otherAddress) = try await fixture.runLabelled("other", on: network, command: Self.webServer)
            let handMade = network.subnet.address(suffix: try HostSuffixOracle.explicit("beef"))
            func run(_ arguments: String...) async throws -> ProcessOutput {
                try await fixture.reconciler.run(inNamespace: fixture.environment.engineNetns, arguments)
            }

            try await host.restoring(
                ["net/ipv6/conf/\(Self.uplink)/proxy_ndp"],
                cleanup: "for a in \(webAddress) \(otherAddress) \(handMade); do ip -6 neigh del proxy $a dev \(Self.uplink) 2>/dev/null; done; true"
            ) {
                try await host.run("echo 0 >/proc/sys/net/ipv6/conf/\(Self.uplink)/proxy_ndp && ip -6 neigh add proxy \(handMade) dev \(Self.uplink)")

                // proxy_ndp off: the entries are made all the same, and the run says what is
                // missing, once, with the fix; nothing answers yet.
                let off = try await run("--ndp-proxy")
                #expect(off.status == 3, "\(off)")
                #expect(Self.proxyLines(off) == ["proxied \(otherAddress)", "proxied \(webAddress)"].sorted(), "\(off)")
                #expect(off.stderrLines.contains { $0.contains("proxy_ndp is 0 on \(Self.uplink)") && $0.contains("sysctl -w net.ipv6.conf.\(Self.uplink).proxy_ndp=1") }, "\(off)")
                #expect(try await Self.ownProxyEntries(host) == [webAddress.description, otherAddress.description].sorted())
                var answer = try await upstream.get(webAddress, port: 80)
                #expect(!answer.answered, "proxy_ndp off, yet upstream got \(answer)")

                // proxy_ndp on: the next run clears the problem (once) and changes nothing; both answer.
                try await host.run("echo 1 >/proc/sys/net/ipv6/conf/\(Self.uplink)/proxy_ndp")
                let on = try await run("--ndp-proxy")
                #expect(on.status == 0 && Self.proxyLines(on).isEmpty, "\(on)")
                #expect(on.stderrLines.filter { $0.contains("cleared (was problem: proxy_ndp is 0 on \(Self.uplink)") }.count == 1, "\(on)")
                // The router still remembers the solicitation nobody answered: forgotten, as it would be in seconds.
                try await upstream.forgetNeighbour(webAddress)
                answer = try await upstream.get(webAddress, port: 80)
                #expect(answer == .answered(Self.page), "\(answer)")
                #expect(try await upstream.get(otherAddress, port: 80) == .answered(Self.page))
                // --check agrees, and says who keeps the entries.
                let check = try await CheckRun.inNamespace(fixture)
                let delivery = try check.only("prefix.delivery", subject: network.name)
                #expect(delivery.status == "ok" && delivery.message.contains("--ndp-proxy keeps them"), "\(check)")

                // In sync: silent, exit 0, and the hand-made entry is still there.
                let quiet = try await run("--ndp-proxy")
                #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet)")
                #expect(try await host.output("ip -6 neigh show proxy dev \(Self.uplink)").contains(handMade.description))

                // An entry lost (a flush, a reboot): a dry run shows it, writing nothing; the next run restores it.
                try await host.run("ip -6 neigh del proxy \(webAddress) dev \(Self.uplink)")
                let dry = try await run("--ndp-proxy", "--dry-run")
                #expect(dry.status == 2 && Self.proxyLines(dry) == ["proxy \(webAddress)"], "\(dry)")
                #expect(try await Self.ownProxyEntries(host) == [otherAddress.description])
                let json = try await run("--ndp-proxy", "--dry-run", "--output", "json")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
                let proxy = try #require(document["proxyNeighbours"] as? [String: Any], "\(json)")
                #expect((proxy["add"] as? [[String: Any]])?.compactMap { $0["address"] as? String } == [webAddress.description], "\(json)")
                let restored = try await run("--ndp-proxy")
                #expect(restored.status == 0 && Self.proxyLines(restored) == ["proxied \(webAddress)"], "\(restored)")
                try await upstream.forgetNeighbour(webAddress)
                answer = try await upstream.get(webAddress, port: 80)
                #expect(answer == .answered(Self.page), "after the restore: \(answer)")

                // A container gone: its entry goes; the other's and the hand-made one stay.
                try await fixture.removeContainer(other.name)
                let removed = try await run("--ndp-proxy")
                #expect(removed.status == 0 && Self.proxyLines(removed) == ["unproxied \(otherAddress)"], "\(removed)")
                #expect(try await Self.ownProxyEntries(host) == [webAddress.description])
                #expect(try await host.output("ip -6 neigh show proxy dev \(Self.uplink)").contains(handMade.description))
                _ = web
            }
        }
    }

    @Test("--ndp-proxy in a namespace with only lo, as the default service runs: a problem naming the unit that can, not a silent no-op")
    func ndpProxyWithoutUplink() async throws {
        try await EngineFixture.with { fixture in
            let network = try await fixture.createNetwork("ndp-lo")
            _ = try await fixture.runLabelled(on: network)
            let output = try await fixture.reconciler.runExactly(
                ["--host", fixture.reconciler.host] + (fixture.reconciler.labelPrefix.map { ["--label-prefix", $0] } ?? []) + ["--ndp-proxy"],
                prefix: ["/usr/bin/unshare", "--net"])
            #expect(output.status == 3, "\(output)")
            #expect(output.stderrLines.contains { $0.contains("has only lo") && $0.contains("ipv6-reconcile-ndp-proxy.timer") }, "\(output)")
        }
    }
}

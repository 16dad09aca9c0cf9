import HostNetwork
import Reconciler
import ReconcileCore
import SystemCalls
import Testing

/// `--ndp-proxy` runs against a scripted engine and host: what a no-op run costs, and what a
/// refusal of the kernel's makes of the run.
@Suite struct ProxyNeighbourStepTests {
    /// A host with eth0 (index 2) carrying the on-link /64 that holds the scene's /80, proxy_ndp
    /// on, and the given proxy entries; it counts its reads.
    final class CountingHost: HostNetworkReading, @unchecked Sendable {
        var reads = 0
        let proxies: [ProxyNeighbour]
        init(proxies: [ProxyNeighbour]) { self.proxies = proxies }
        func read() throws(HostReadError) -> HostNetworkState {
            reads += 1
            return HostNetworkState(
                interfaces: [HostInterface(index: 1, name: "lo", isLoopback: true, isUp: true), HostInterface(index: 2, name: "eth0", isUp: true, proxyNDP: 1)],
                allForwarding: 1, allProxyNDP: 0, addresses: [],
                routes: [HostRoute(destination: IPv6Subnet(parsing: "2001:db8:1:1::/64")!, interfaceIndex: 2, origin: .kernel)],
                proxyNeighbours: proxies)
        }
    }

    /// A writer that records its changes and answers each with `failure`, if any.
    final class RecordingWriter: ProxyNeighbourWriting, @unchecked Sendable {
        var changes: [String] = []
        let failure: HostWriteError?
        init(failure: HostWriteError? = nil) { self.failure = failure }
        func add(_ entry: ProxyNeighbourPlan.Entry) throws(HostWriteError) {
            changes.append("add \(entry)")
            if let failure { throw failure }
        }
        func remove(_ entry: ProxyNeighbourPlan.Entry) throws(HostWriteError) {
            changes.append("remove \(entry)")
            if let failure { throw failure }
        }
    }

    static let webAddress = IPv6Address(parsing: Scene.prefix + "a")!

    /// In sync, entry in place: three engine requests, one host read (its four rtnetlink dumps),
    /// no writer opened, nothing printed.
    @Test func noOpRunIsThreeRequestsAndOneHostRead() throws {
        let engine = try Scene.web(at: "a").engine()
        let host = CountingHost(proxies: [ProxyNeighbour(address: Self.webAddress, interfaceIndex: 2, origin: ProxyNeighbourPlan.origin)])
        var opened = 0
        let effects = HostEffects(reader: host) { () throws(HostWriteError) in
            opened += 1
            return RecordingWriter()
        }
        let report = try RunFiles().run(engine, host: effects) { $0.ndpProxy = true }
        #expect(report.status == .success && report.output.isEmpty, "\(report)")
        #expect(engine.requests.count == 3, "\(engine.lines)")
        #expect(host.reads == 1)
        #expect(opened == 0)
    }

    /// The entry missing: one add on eth0, reported as `proxied`; a stale own entry is removed.
    @Test func missingEntryIsAddedAndStaleOneRemoved() throws {
        let engine = try Scene.web(at: "a").engine()
        let stale = IPv6Address(parsing: Scene.prefix + "99")!
        let writer = RecordingWriter()
        let effects = HostEffects(reader: CountingHost(proxies: [ProxyNeighbour(address: stale, interfaceIndex: 2, origin: ProxyNeighbourPlan.origin)])) {
            () throws(HostWriteError) in writer
        }
        let report = try RunFiles().run(engine, host: effects) { $0.ndpProxy = true }
        #expect(report.status == .success, "\(report)")
        #expect(writer.changes == ["add \(Self.webAddress) on eth0", "remove \(stale) on eth0"])
        #expect(report.output.contains("proxied      \(Self.webAddress) on eth0 for v6net"), "\(report.output)")
        #expect(report.output.contains("unproxied    \(stale) on eth0"), "\(report.output)")
    }

    /// EPERM (no CAP_NET_ADMIN): exit 3 and one warning naming the capability and the unit.
    @Test func permissionDeniedIsAProblemNamingTheUnit() throws {
        let engine = try Scene.web(at: "a").engine()
        let writer = RecordingWriter(failure: HostWriteError("Operation not permitted", errno: .notPermitted))
        let log = LogCapture()
        let report = try RunFiles().run(engine, log: log, host: HostEffects(reader: CountingHost(proxies: [])) { () throws(HostWriteError) in writer }) {
            $0.ndpProxy = true
        }
        #expect(report.status == .problems, "\(report)")
        #expect(writer.changes.count == 1, "it stops at the first refusal: \(writer.changes)")
        #expect(log.lines.contains { $0.contains("lacks CAP_NET_ADMIN") && $0.contains("ipv6-reconcile-ndp-proxy.timer") }, "\(log.lines)")
    }

    /// A dry run plans and writes nothing: exit 2, `proxy` lines, no writer opened.
    @Test func dryRunOpensNoWriter() throws {
        let engine = try Scene.web(at: "a").engine()
        var opened = 0
        let effects = HostEffects(reader: CountingHost(proxies: [])) { () throws(HostWriteError) in
            opened += 1
            return RecordingWriter()
        }
        let report = try RunFiles().run(engine, host: effects) {
            $0.ndpProxy = true
            $0.dryRun = true
        }
        #expect(report.status == .pendingChanges, "\(report)")
        #expect(report.output.contains("proxy        \(Self.webAddress) on eth0 for v6net"), "\(report.output)")
        #expect(opened == 0)
    }
}

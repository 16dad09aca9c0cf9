import ReconcileCore
import Testing

/// The `--check` report: grouping by subject, the text lines, the summary, the JSON document and
/// the exit status.
@Suite struct ReadinessReportTests {
    /// A check with a short message; `fix` defaults to one for anything but ok.
    static func check(_ id: String, _ status: CheckStatus, _ subject: CheckSubject, fix: String? = nil) -> ReadinessCheck {
        ReadinessCheck(id: id, status: status, subject: subject, message: "\(id) said", fix: fix ?? (status == .ok ? nil : "fix \(id)"))
    }

    /// Subjects of every kind, two of some.
    static let eth0 = CheckSubject(.interface, "eth0")
    /// See ``eth0``.
    static let wlan0 = CheckSubject(.interface, "wlan0")
    /// See ``eth0``.
    static let web6 = CheckSubject(.network, "web6")
    /// See ``eth0``.
    static let natnet = CheckSubject(.network, "natnet")
    /// See ``eth0``.
    static let web = CheckSubject(.container, "web")

    // MARK: - Grouping

    /// Checks in the order `--check` might make them, kinds interleaved, and the groups they
    /// must form: kind order first, then the order each subject first appeared.
    static let groupingCases: [(checks: [ReadinessCheck], subjects: [CheckSubject])] = [
        // the engine's and containers' checks came before the host's: host still first
        ([check("container.action", .ok, web), check("engine.api", .ok, .engine), check("host.forwarding", .ok, .host)],
            [.host, .engine, web]),
        // two networks keep first-appearance order, not name order; a later check joins its group
        ([check("network.ipv6", .ok, web6), check("network.ipv6", .ok, natnet), check("network.internal", .warn, web6)],
            [web6, natnet]),
        // every kind, shuffled, interfaces after the host and before the engine
        ([
            check("prefix.delivery", .fail, natnet), check("host.accept-ra", .fail, wlan0), check("container.action", .info, web),
            check("engine.firewall", .info, .engine), check("host.accept-ra", .ok, eth0), check("host.namespace", .ok, .host),
        ],
            [.host, wlan0, eth0, .engine, natnet, web]),
        // nothing: no groups
        ([], []),
    ]

    /// The groups come in kind order, each kind in first-appearance order, each group keeping
    /// its checks' order.
    @Test(arguments: groupingCases)
    func grouping(_ checks: [ReadinessCheck], _ subjects: [CheckSubject]) {
        let groups = ReadinessReport(checks: checks).groups
        #expect(groups.map(\.subject) == subjects)
        for group in groups {
            #expect(group.checks == checks.filter { $0.subject == group.subject })
        }
    }

    // MARK: - Text

    /// A small report with every status.
    static let mixed = ReadinessReport(checks: [
        check("engine.api", .ok, .engine),
        check("host.forwarding", .fail, .host),
        check("host.namespace", .ok, .host),
        check("container.action", .warn, web),
        check("network.ipv6", .ok, web6),
        check("prefix.delivery", .info, web6),
    ])

    /// Without `showingOK`: only the groups with something not ok, then the summary with the hint.
    @Test func textHidesOK() {
        #expect(Self.mixed.textLines(showingOK: false) == [
            "host:",
            "  fail host.forwarding: host.forwarding said; fix: fix host.forwarding",
            "network \"web6\":",
            "  info prefix.delivery: prefix.delivery said; fix: fix prefix.delivery",
            "container \"web\":",
            "  warn container.action: container.action said; fix: fix container.action",
            "check: 1 fail, 1 warn, 1 info, 3 ok (--log-level info shows the ok checks too)",
        ])
    }

    /// With `showingOK`: every group and check, ok ones without a fix; the summary without the hint.
    @Test func textShowsOK() {
        #expect(Self.mixed.textLines(showingOK: true) == [
            "host:",
            "  fail host.forwarding: host.forwarding said; fix: fix host.forwarding",
            "  ok host.namespace: host.namespace said",
            "engine:",
            "  ok engine.api: engine.api said",
            "network \"web6\":",
            "  ok network.ipv6: network.ipv6 said",
            "  info prefix.delivery: prefix.delivery said; fix: fix prefix.delivery",
            "container \"web\":",
            "  warn container.action: container.action said; fix: fix container.action",
            "check: 1 fail, 1 warn, 1 info, 3 ok",
        ])
    }

    /// Reports and the summary line (the last text line) they must end with.
    static let summaryCases: [(report: ReadinessReport, showingOK: Bool, summary: String)] = [
        // all ok, hidden: nothing to fix, and the hint
        (ReadinessReport(checks: [check("host.namespace", .ok, .host), check("engine.api", .ok, .engine)]), false,
            "check: 0 fail, 0 warn, 0 info, 2 ok; nothing to fix (--log-level info shows the ok checks too)"),
        // all ok, shown: no hint
        (ReadinessReport(checks: [check("host.namespace", .ok, .host)]), true,
            "check: 0 fail, 0 warn, 0 info, 1 ok; nothing to fix"),
        // info only: still nothing to fix, no ok checks so no hint
        (ReadinessReport(checks: [check("prefix.delivery", .info, web6)]), false,
            "check: 0 fail, 0 warn, 1 info, 0 ok; nothing to fix"),
        // a warn: exit status 3
        (ReadinessReport(checks: [check("network.internal", .warn, web6), check("network.ipv6", .ok, web6)]), true,
            "check: 0 fail, 1 warn, 0 info, 1 ok"),
        // no checks at all
        (ReadinessReport(checks: []), false, "check: 0 fail, 0 warn, 0 info, 0 ok; nothing to fix"),
    ]

    /// The summary counts by status, worst first, and says when there is nothing to fix.
    @Test(arguments: summaryCases)
    func summary(_ report: ReadinessReport, _ showingOK: Bool, _ expected: String) {
        #expect(report.textLines(showingOK: showingOK).last == expected)
    }

    /// A report of only ok checks shows only the summary when ok checks are hidden.
    @Test func allOKHiddenIsOneLine() {
        let report = ReadinessReport(checks: [Self.check("host.namespace", .ok, .host), Self.check("engine.api", .ok, .engine)])
        #expect(report.textLines(showingOK: false).count == 1)
    }

    // MARK: - Exit status

    /// Which statuses make the exit status 3.
    static let exitCases: [(statuses: [CheckStatus], exit: ReconcileCore.ExitStatus)] = [
        ([], .success),  // no checks
        ([.ok], .success),  // all ok
        ([.ok, .info, .info], .success),  // info is worth knowing, not a problem
        ([.ok, .warn], .problems),  // a warn
        ([.fail], .problems),  // a fail
        ([.info, .fail, .warn, .ok], .problems),  // everything
    ]

    /// 0 with only ok and info, 3 with any warn or fail.
    @Test(arguments: exitCases)
    func exitStatus(_ statuses: [CheckStatus], _ expected: ReconcileCore.ExitStatus) {
        let report = ReadinessReport(checks: statuses.enumerated().map { Self.check("c\($0.offset)", $0.element, .host) })
        #expect(report.exitStatus == expected)
        #expect(report.exitStatus.rawValue == (expected == .success ? 0 : 3))
    }

    /// The counts by status.
    @Test func counts() {
        #expect(CheckStatus.allCases.map { Self.mixed.count($0) } == [3, 1, 1, 1])
    }

    // MARK: - JSON

    /// The document in full: every check, ok ones too, null for the host's name and an ok fix, a
    /// quote in a message escaped.
    @Test func jsonDocument() {
        let report = ReadinessReport(checks: [
            ReadinessCheck(id: "host.forwarding", status: .ok, subject: .host, message: "on"),
            ReadinessCheck(
                id: "network.internal", status: .warn, subject: CheckSubject(.network, "web6"),
                message: "network \"web6\" is internal", fix: "recreate it"),
        ])
        #expect(report.jsonDocument() == #"{"schemaVersion":1,"mode":"check","exitStatus":3,"summary":{"ok":1,"info":0,"warn":1,"fail":0},"checks":[{"id":"host.forwarding","status":"ok","subject":{"kind":"host","name":null},"message":"on","fix":null},{"id":"network.internal","status":"warn","subject":{"kind":"network","name":"web6"},"message":"network \"web6\" is internal","fix":"recreate it"}]}"#)
    }

    /// The shell's exit status (69 when the engine was out of reach) replaces the report's own.
    @Test func jsonExitStatusOverride() {
        let report = ReadinessReport(checks: [ReadinessCheck(id: "host.namespace", status: .ok, subject: .host, message: "m")])
        #expect(report.jsonDocument(exitStatus: .unavailable) == #"{"schemaVersion":1,"mode":"check","exitStatus":69,"summary":{"ok":1,"info":0,"warn":0,"fail":0},"checks":[{"id":"host.namespace","status":"ok","subject":{"kind":"host","name":null},"message":"m","fix":null}]}"#)
        #expect(ReadinessReport(checks: []).jsonDocument() == #"{"schemaVersion":1,"mode":"check","exitStatus":0,"summary":{"ok":0,"info":0,"warn":0,"fail":0},"checks":[]}"#)
    }

    /// Control characters and backslashes in names and fixes are escaped; the document stays one line.
    @Test func jsonEscapes() {
        let report = ReadinessReport(checks: [
            ReadinessCheck(id: "container.action", status: .fail, subject: CheckSubject(.container, "a\nb\\c"), message: "m", fix: "x\ty")
        ])
        let json = report.jsonDocument()
        #expect(json.contains(#""subject":{"kind":"container","name":"a\nb\\c"}"#))
        #expect(json.contains(#""fix":"x\ty""#))
        #expect(!json.contains("\n"))
    }
}

import Foundation
import ReconcileCore
import Testing

/// The machine report: a single JSON document that Foundation's own parser reads back, with a
/// fixed schema, explicit nulls and every control character escaped.
@Suite struct JSONReportTests {
    /// Parses `document` with `JSONSerialization` as a top-level object.
    static func parse(_ document: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(document.utf8))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }

    /// The dry-run document of ``RunOutcomeTests/plan`` (a_insync, b_connect, c_drift, d_problem).
    static let dryRun = JSONReport.document(for: RunOutcome(plan: RunOutcomeTests.plan, mode: .dryRun, fixDrift: false))

    /// The top level carries the schema version, mode, exit status, summary and pairs, and nothing else.
    @Test func topLevelFields() throws {
        let object = try Self.parse(Self.dryRun)
        #expect(Set(object.keys) == ["schemaVersion", "mode", "exitStatus", "summary", "pairs"])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(JSONReport.schemaVersion == 1)
        #expect(object["mode"] as? String == "dry-run")
        #expect(object["exitStatus"] as? Int == 3)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == [
            "in-sync": 1, "connect": 1, "connected": 0, "drift": 1, "reconnect": 0, "reconnected": 0, "problem": 1,
        ])
        #expect((object["pairs"] as? [Any])?.count == 4)
    }

    /// Each pair has exactly the documented fields, with null where a value is unknown.
    @Test func pairFieldsAndNulls() throws {
        let pairs = try #require(try Self.parse(Self.dryRun)["pairs"] as? [[String: Any]])
        try #require(pairs.count == 4)
        let fields: Set<String> = [
            "containerId", "containerName", "network", "networkId", "desiredAddress", "currentAddress", "connected",
            "status", "reason", "exposure",
        ]
        #expect(pairs.allSatisfy { Set($0.keys) == fields })

        let inSync = pairs[0]
        #expect(inSync["containerId"] as? String == "cid-a_insync")
        #expect(inSync["containerName"] as? String == "a_insync")
        #expect(inSync["network"] as? String == "v6net")
        #expect(inSync["networkId"] as? String == Fixture.v6net.id)
        #expect(inSync["desiredAddress"] as? String == "2001:db8:1:1::a")
        #expect(inSync["currentAddress"] as? String == "2001:db8:1:1::a")
        #expect(inSync["connected"] as? Bool == true)
        #expect(inSync["status"] as? String == "in-sync")
        #expect(inSync["reason"] is NSNull)
        #expect(inSync["exposure"] is NSNull)  // a run without verdicts

        let connect = pairs[1]
        #expect(connect["status"] as? String == "connect")
        #expect(connect["desiredAddress"] as? String == "2001:db8:1:1::b")
        #expect(connect["currentAddress"] is NSNull)
        #expect(connect["connected"] as? Bool == false)

        let drift = pairs[2]
        #expect(drift["status"] as? String == "drift")
        #expect(drift["currentAddress"] as? String == "2001:db8:1:1::99")
        #expect(drift["connected"] as? Bool == true)

        let problem = pairs[3]
        #expect(problem["status"] as? String == "problem")
        #expect(problem["network"] as? String == "nope")
        #expect(problem["networkId"] is NSNull)
        #expect(problem["desiredAddress"] is NSNull)
        #expect(problem["currentAddress"] is NSNull)
        #expect(problem["connected"] as? Bool == false)
        #expect(problem["reason"] as? String == "no network has the ID, name or ID prefix \"nope\"")
    }

    /// Keys come in a fixed order, booleans and nulls are JSON literals, and there is no trailing newline.
    @Test func fixedLayout() {
        let document = Self.dryRun
        #expect(document.hasPrefix(
            #"{"schemaVersion":1,"mode":"dry-run","exitStatus":3,"summary":{"in-sync":1,"connect":1,"connected":0,"#
                + #""drift":1,"reconnect":0,"reconnected":0,"problem":1},"pairs":[{"containerId":"cid-a_insync","#))
        #expect(document.contains(
            #"{"containerId":"cid-a_insync","containerName":"a_insync","network":"v6net","networkId":"\#(Fixture.v6net.id)","#
                + #""desiredAddress":"2001:db8:1:1::a","currentAddress":"2001:db8:1:1::a","connected":true,"#
                + #""status":"in-sync","reason":null,"exposure":null}"#))
        #expect(document.hasSuffix("}]}"))
        #expect(!document.contains("\n"))
    }

    /// An apply run's statuses and exit status, and an empty run.
    @Test func applyAndEmptyRuns() throws {
        let applied = RunOutcome(
            plan: Fixture.plan(Array(PlanTests.mixed.prefix(3))), mode: .apply, fixDrift: true,
            results: Dictionary(uniqueKeysWithValues: Fixture.plan(Array(PlanTests.mixed.prefix(3))).writes(fixDrift: true)
                .map { (PlanEntryKey($0.entry), WriteResult.done) }))
        let object = try Self.parse(JSONReport.document(for: applied))
        #expect(object["mode"] as? String == "apply")
        #expect(object["exitStatus"] as? Int == 0)
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        #expect(pairs.map { $0["status"] as? String } == ["in-sync", "connected", "reconnected"])

        let empty = try Self.parse(JSONReport.document(for: RunOutcome(mode: .apply, pairs: [])))
        #expect((empty["pairs"] as? [Any])?.isEmpty == true)
        #expect((empty["summary"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true)
        #expect(empty["exitStatus"] as? Int == 0)
    }

    /// The document of a single pair whose container is named `name`.
    static func document(named name: String) -> String {
        let entry = Fixture.entry(name, desired: "2001:db8:1:1::5", action: .connect)
        return JSONReport.document(for: RunOutcome(mode: .dryRun, pairs: [PairOutcome(entry: entry, status: .connect)]))
    }

    /// The report writes names through ``jsonStringLiteral(_:)`` (whose own table is in
    /// JSONStringLiteralTests): a few escapes, checked in place in the document.
    @Test(arguments: [
        ("a\"b", #""a\"b""#),  // quote
        ("\n", #""\n""#),  // newline: short escape
        ("\u{8}", #""\u0008""#),  // backspace: \u form
        ("\u{2028}", #""\u2028""#),  // line separator
    ])
    func escapesNamesInPlace(name: String, literal: String) {
        #expect(Self.document(named: name).contains(#""containerName":"# + literal + ","))
    }

    /// A name with every control character, quotes, backslashes, separators and non-ASCII survives
    /// a round trip through Foundation's parser, and the document holds no raw control byte.
    @Test func hostileTextRoundTrips() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let name = controls + "\u{7f}\"quoted\"\\back\\slash\u{2028}\u{2029}é🚀 done"
        let document = Self.document(named: name)
        #expect(document.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7f })
        #expect(!document.unicodeScalars.contains("\u{2028}"))
        #expect(!document.unicodeScalars.contains("\u{2029}"))
        let pairs = try #require(try Self.parse(document)["pairs"] as? [[String: Any]])
        #expect(pairs.first?["containerName"] as? String == name)
    }

    /// A reason carrying quoted hostile text (backslash escapes inside a JSON string) parses back
    /// to exactly the problem's description.
    @Test func reasonRoundTrips() throws {
        let problem = Problem.networkNotFound(reference: "x\"\n\u{1b}")
        let entry = Fixture.entry("web", network: "x\"\n\u{1b}", networkID: nil, action: .problem(problem))
        let document = JSONReport.document(
            for: RunOutcome(mode: .apply, pairs: [PairOutcome(entry: entry, status: .problem, problem: problem)]))
        let pairs = try #require(try Self.parse(document)["pairs"] as? [[String: Any]])
        #expect(pairs.first?["reason"] as? String == problem.description)
        #expect(pairs.first?["network"] as? String == "x\"\n\u{1b}")
    }
}

/// The document states the status the process really exits with.
@Suite struct JSONReportExitStatusTests {
    /// When the shell knows better (the engine was lost mid-run: 69), the document says so too,
    /// instead of the outcome's own 0 or 3.
    @Test func shellStatusOverridesTheOutcome() throws {
        let outcome = RunOutcome(mode: .apply, pairs: [])
        #expect(JSONReport.document(for: outcome).contains("\"exitStatus\":0,"))
        #expect(JSONReport.document(for: outcome, exitStatus: .unavailable).contains("\"exitStatus\":69,"))
    }
}

/// The `exposure` object of each pair: `reachable`, `ports` and `reason` in that order, or null
/// for a pair without a verdict; an addition that leaves the schema version at 1.
@Suite struct JSONReportExposureTests {
    /// The dry-run document of ``RunOutcomeTests/plan`` with `verdicts` by container name.
    static func document(_ verdicts: [String: ExposureVerdict]?) -> String {
        let plan = RunOutcomeTests.plan
        return JSONReport.document(
            for: RunOutcome(plan: plan, mode: .dryRun, fixDrift: false, exposures: verdicts.map { Fixture.verdicts($0, in: plan) }))
    }

    /// The `exposure` value of each pair, parsed.
    static func exposures(_ document: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Any] {
        let pairs = try #require(
            try JSONReportTests.parse(document)["pairs"] as? [[String: Any]], sourceLocation: sourceLocation)
        return try pairs.map { try #require($0["exposure"], sourceLocation: sourceLocation) }
    }

    /// Each kind of verdict, as written and as parsed back.
    @Test(arguments: [
        (Fixture.allPorts, #"{"reachable":true,"ports":null,"reason":"the host's own firewall decides"}"#),  // all ports: ports null
        (Fixture.port80, #"{"reachable":true,"ports":["80/tcp"],"reason":"network \"v6net\" is routed"}"#),  // the open ports
        (ExposureVerdict.reachableOnPorts(["80/tcp", "53/udp"], reason: "r"), #"{"reachable":true,"ports":["80/tcp","53/udp"],"reason":"r"}"#),  // several, in order
        (Fixture.blocked,
            #"{"reachable":false,"ports":null,"reason":"network \"v6net\" masquerades IPv6; fix: recreate it routed"}"#),  // the fix in the reason
        (Fixture.unknownExposure, #"{"reachable":null,"ports":null,"reason":"Docker 27 does not say"}"#),  // unknown: null
    ])
    func exposureObject(verdict: ExposureVerdict, literal: String) throws {
        let document = Self.document(["b_connect": verdict])
        #expect(document.contains(#""status":"connect","reason":null,"exposure":"# + literal + "}"))
        let exposure = try #require(try Self.exposures(document)[1] as? [String: Any])
        #expect(Set(exposure.keys) == ["reachable", "ports", "reason"])
        if let reachable = verdict.reachable {
            #expect(exposure["reachable"] as? Bool == reachable)
        } else {
            #expect(exposure["reachable"] is NSNull)
        }
        if let ports = verdict.ports {
            #expect(exposure["ports"] as? [String] == ports)
        } else {
            #expect(exposure["ports"] is NSNull)
        }
        #expect(exposure["reason"] as? String == verdict.reason)
    }

    /// A problem pair's exposure is null, though a verdict was handed over for it; the others have theirs.
    @Test func problemHasNoExposure() throws {
        let document = Self.document([
            "a_insync": Fixture.blocked, "b_connect": Fixture.port80, "c_drift": Fixture.unknownExposure,
            "d_problem": Fixture.allPorts,
        ])
        let exposures = try Self.exposures(document)
        try #require(exposures.count == 4)
        #expect((exposures[0] as? [String: Any])?["reachable"] as? Bool == false)
        #expect((exposures[1] as? [String: Any])?["ports"] as? [String] == ["80/tcp"])
        #expect((exposures[2] as? [String: Any])?["reachable"] is NSNull)
        #expect(exposures[3] is NSNull)
        #expect(document.contains(#""status":"problem","reason":"no network has the ID, name or ID prefix \"nope\"","exposure":null}"#))
    }

    /// A run without verdicts writes null for every pair, as does an evaluated run for pairs without one.
    @Test(arguments: [nil, [:]] as [[String: ExposureVerdict]?])
    func exposureNullWithoutVerdict(verdicts: [String: ExposureVerdict]?) throws {
        let exposures = try Self.exposures(Self.document(verdicts))
        #expect(exposures.count == 4)
        #expect(exposures.allSatisfy { $0 is NSNull })
    }

    /// Adding `exposure` is compatible: the schema version stays 1, and the top level is unchanged.
    @Test func schemaVersionUnchanged() throws {
        let document = Self.document(["a_insync": Fixture.blocked])
        #expect(JSONReport.schemaVersion == 1)
        #expect(document.hasPrefix(#"{"schemaVersion":1,"mode":"dry-run","exitStatus":3,"#))
        #expect(Set(try JSONReportTests.parse(document).keys) == ["schemaVersion", "mode", "exitStatus", "summary", "pairs"])
    }

    /// A reason carrying hostile text (a quoted network name with control characters, a raw
    /// newline, a backslash) parses back to exactly the verdict's reason.
    @Test func hostileReasonRoundTrips() throws {
        let verdict = ExposureVerdict.notReachable(
            reason: "network \(quoted("x\"\u{1b}")) is internal\nsecond line", fix: "docker network rm x\\y\u{2028}")
        let document = Self.document(["b_connect": verdict])
        #expect(document.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7f })
        #expect(!document.unicodeScalars.contains("\u{2028}"))
        let exposure = try #require(try Self.exposures(document)[1] as? [String: Any])
        #expect(exposure["reason"] as? String == verdict.reason)
    }
}

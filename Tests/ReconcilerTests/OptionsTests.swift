import Foundation
import Testing

@testable import Reconciler

/// The command line: every option, both spellings, and every way to get it wrong. Pure parsing,
/// no engine needed.
@Suite struct OptionsTests {
    /// Good command lines and the options they yield.
    @Test(arguments: [
        // Nothing: every default.
        ([], Options()),
        // Both value spellings.
        (["--host", "unix:///run/d.sock"], Options(host: "unix:///run/d.sock")),
        (["--host=tcp://127.0.0.1:2375"], Options(host: "tcp://127.0.0.1:2375")),
        (["-H", "unix:///x"], Options(host: "unix:///x")),
        // Fractions of a second are fine for the deadline.
        (["--timeout", "2.5"], Options(timeoutSeconds: 2.5)),
        (["--dry-run", "--fix-drift"], Options(dryRun: true, fixDrift: true)),
        (["-n", "-o", "json"], Options(dryRun: true, output: .json)),
        (["--output=text"], Options(output: .text)),
        (["--label-prefix", "com.example.v6"], Options(labelPrefix: "com.example.v6")),
        // Repeatable, in order.
        (["--allow-network", "a", "--allow-network=b"], Options(allowedNetworks: ["a", "b"])),
        // The old tool's flags, and --log-level in any case.
        (["--debug"], Options(logLevel: .debug)),
        (["--info"], Options(logLevel: .info)),
        (["--log-level", "ERROR"], Options(logLevel: .error)),
        (["--lock-file", "/tmp/l", "--state-file=/tmp/s", "--lock-timeout", "0"],
         Options(lockFile: "/tmp/l", lockTimeoutSeconds: 0, stateFile: "/tmp/s")),
        // The readiness report; read-only already, so --dry-run with it is harmless.
        (["--check"], Options(check: true)),
        (["--check", "-n", "-o", "json"], Options(dryRun: true, check: true, output: .json)),
        (["-h"], Options(showHelp: true)),
        (["--version"], Options(showVersion: true)),
    ] as [([String], Options)])
    func parses(arguments: [String], expected: Options) throws {
        #expect(try Options.parse(arguments) == expected)
    }

    /// Bad command lines: each is a usage error whose one-line message names the culprit.
    @Test(arguments: [
        // Unknown option and stray argument.
        (["--bogus"], "unknown option \"--bogus\""),
        (["reconcile"], "unexpected argument \"reconcile\""),
        // A value missing at the end.
        (["--host"], "option --host needs a value"),
        (["--host", ""], "--host needs an address"),
        // Deadlines must be positive, finite and sane.
        (["--timeout", "0"], "--timeout takes seconds"),
        (["--timeout", "-1"], "--timeout takes seconds"),
        (["--timeout", "nan"], "--timeout takes seconds"),
        (["--timeout", "1e9"], "--timeout takes seconds"),
        (["--timeout=abc"], "--timeout takes seconds"),
        (["--lock-timeout", "-1"], "--lock-timeout takes seconds"),
        (["--output", "yaml"], "--output takes text or json"),
        (["--log-level", "loud"], "--log-level takes error, warning, info or debug"),
        // A label namespace with a space could never match a label.
        (["--label-prefix", "a b"], "--label-prefix takes"),
        (["--label-prefix="], "--label-prefix takes"),
        // One network per option: a comma would be a list, which the option does not take.
        (["--allow-network", "a,b"], "--allow-network takes one network"),
        // Flags take no value.
        (["--dry-run=yes"], "option --dry-run takes no value"),
        (["--lock-file="], "--lock-file needs a file path"),
        (["--check=yes"], "option --check takes no value"),
        // --check changes nothing; --fix-drift changes endpoints: asking for both is a mistake.
        (["--check", "--fix-drift"], "--check changes nothing, and --fix-drift changes endpoints"),
    ] as [([String], String)])
    func refuses(arguments: [String], message: String) {
        #expect {
            _ = try Options.parse(arguments)
        } throws: { error in
            guard let usage = error as? UsageError else { return false }
            return usage.message.contains(message) && !usage.message.contains("\n")
        }
    }

    /// `--help` documents every option the parser accepts, with its default, and every exit status.
    @Test func helpListsEverything() {
        let help = Options.helpText
        for option in [
            "--host", "--timeout", "--dry-run", "--check", "--fix-drift", "--output", "--label-prefix", "--allow-network",
            "--lock-file", "--lock-timeout", "--state-file", "--log-level", "--info", "--debug", "--help", "--version",
        ] {
            #expect(help.contains(option), "--help does not mention \(option)")
        }
        for status in ["0", "2", "3", "64", "69", "73", "75"] {
            #expect(help.contains("\n  " + String(repeating: " ", count: 3 - status.count) + status + "  "), "--help lacks exit status \(status)")
        }
        #expect(help.contains("(default: 10)"))
        #expect(help.contains("(default: ipv6.mapper)"))
    }

    /// The option list of docs/options.md is `--help`'s, line for line, so the two cannot drift apart.
    @Test func readmeShowsTheHelpOptions() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("docs/options.md"), encoding: .utf8)
        let help = Options.helpText
        guard let start = help.range(of: "Options:\n"), let end = help.range(of: "\nExit status:") else {
            Issue.record("--help has no Options section")
            return
        }
        let optionLines = help[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
        #expect(optionLines.count > 10)
        for line in optionLines {
            #expect(readme.contains(line + "\n"), "docs/options.md lacks the --help line: \(line)")
        }
    }
}

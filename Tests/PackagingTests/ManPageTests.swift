import Foundation
import Testing

@testable import Reconciler

/// The man page the package ships (scripts/debian/ipv6-reconcile.8) against `--help` and the
/// docs/options.md: every option, every exit status, and the version, so the three cannot drift apart.
@Suite struct ManPageTests {
    /// The repository's root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The man page's source, with roff's escaped hyphens (`\-`) read as hyphens.
    static func manPage() throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("scripts/debian/ipv6-reconcile.8"), encoding: .utf8)
        return text.replacingOccurrences(of: "\\-", with: "-")
    }

    /// Every option `--help` lists: its long names and short ones (`--dry-run`, `-n`).
    static var helpOptions: [String] {
        guard let start = Options.helpText.range(of: "Options:\n"), let end = Options.helpText.range(of: "\nExit status:") else { return [] }
        var names: [String] = []
        for line in Options.helpText[start.upperBound..<end.lowerBound].split(separator: "\n") {
            // An option line starts with `  -x, --name` or `      --name`; continuation lines do not.
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("-") else { continue }
            for word in trimmed.split(separator: " ").prefix(2) where word.hasPrefix("-") {
                names.append(String(word.hasSuffix(",") ? word.dropLast() : word))
            }
        }
        return names
    }

    @Test func everyHelpOptionIsInTheManPageAndTheREADME() throws {
        let man = try Self.manPage()
        let readme = try String(contentsOf: Self.root.appendingPathComponent("docs/options.md"), encoding: .utf8)
        let options = Self.helpOptions
        #expect(options.count >= 20, "\(options)")
        for option in options {
            // In the man page as a bold option (`.B --check`, `.BR -n ", " --dry-run`, `.BI --timeout " ..."`).
            #expect(man.contains(option + "\n") || man.contains(option + " ") || man.contains(option + "\""), "the man page lacks \(option)")
            #expect(readme.contains(option), "docs/options.md lacks \(option)")
        }
        #expect(options.contains("--check") && options.contains("-H"))
    }

    @Test func everyExitStatusIsInTheManPage() throws {
        let man = try Self.manPage()
        // The statuses --help lists (its "Exit status:" lines: `   64  usage error ...`).
        let help = Options.helpText
        let statuses = help[help.range(of: "Exit status:\n")!.upperBound...].split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.flatMap { Int($0) }
        }
        #expect(statuses.count == 7, "\(statuses)")
        for status in statuses {
            #expect(man.contains(".TP\n.B \(status)\n"), "the man page lacks exit status \(status)")
        }
    }

    @Test func versionMatchesTheTool() throws {
        let man = try Self.manPage()
        #expect(man.contains("\"ipv6-reconcile \(toolVersion)\""), "the man page's .TH names another version than \(toolVersion)")
        let changelog = try String(contentsOf: Self.root.appendingPathComponent("scripts/debian/changelog"), encoding: .utf8)
        #expect(changelog.hasPrefix("ipv6-reconcile (\(toolVersion)) "), "scripts/debian/changelog's first entry is not \(toolVersion)")
    }
}

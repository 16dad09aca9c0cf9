import ReconcileCore
import Testing

/// Which directories a run may write once confined, from its state file and whether it writes.
@Suite struct FileSystemConfinementTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var note: String
        var statePath: String
        var writes: Bool
        var writable: [String]
        var testDescription: String { note }
    }

    static let cases: [Case] = [
        Case(note: "the unit's apply run: its runtime directory", statePath: "/run/ipv6-reconcile/state", writes: true, writable: ["/run/ipv6-reconcile"]),
        Case(note: "a dry run writes nothing", statePath: "/run/ipv6-reconcile/state", writes: false, writable: []),
        Case(note: "--state-file elsewhere: that file's directory", statePath: "/var/lib/x/state.json", writes: true, writable: ["/var/lib/x"]),
        Case(note: "a bare name: the working directory", statePath: "state", writes: true, writable: ["."]),
        Case(note: "a file at the root: /", statePath: "/state", writes: true, writable: ["/"]),
    ]

    @Test(arguments: cases) func writableDirectories(_ testCase: Case) {
        let confinement = FileSystemConfinement.forRun(statePath: testCase.statePath, writes: testCase.writes)
        #expect(confinement.writableDirectories == testCase.writable)
    }

    /// Duplicates go, order is fixed; the lines name what is writable.
    @Test func linesAndNormalization() {
        let confinement = FileSystemConfinement(writableDirectories: ["/b", "/a", "/b"])
        #expect(confinement.writableDirectories == ["/a", "/b"])
        #expect(confinement.confinedLine(by: "Landlock ABI 3") == "file system confined (Landlock ABI 3): read-only, writable beneath /a, /b, no exec")
        #expect(FileSystemConfinement(writableDirectories: []).confinedLine(by: "Landlock ABI 1").contains("writable beneath nothing"))
        #expect(FileSystemConfinement.notConfinedLine(because: "the kernel has no Landlock") == "file system not confined: the kernel has no Landlock")
    }
}

import ReconcileCore

/// What a run hands the shell: the report to print on stdout and the status to exit with.
public struct RunReport: Hashable, Sendable {
    /// The exit status.
    public var status: ExitStatus
    /// The text for stdout, with its final newline; empty when there is nothing to print.
    public var output: String

    /// Builds a report.
    public init(status: ExitStatus, output: String = "") {
        self.status = status
        self.output = output
    }

    /// The report of `lines`, one per line (nothing for none).
    public init(status: ExitStatus, lines: [String]) {
        self.init(status: status, output: lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n")
    }
}

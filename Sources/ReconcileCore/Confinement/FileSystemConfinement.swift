/// What a run may still do to the file system once it has confined itself: read everything, and
/// write (create, replace, remove files) only beneath `writableDirectories`. It executes nothing.
/// The binary confines itself so that the unit needs no mount namespace (a cost that grows with
/// the host's mount table on every run): the policy is this value, the kernel's part an adapter's.
public struct FileSystemConfinement: Hashable, Sendable {
    /// The directories beneath which files may be written, sorted, without duplicates.
    public let writableDirectories: [String]

    /// A confinement that may write beneath `writableDirectories`.
    public init(writableDirectories: [String]) {
        self.writableDirectories = Array(Set(writableDirectories)).sorted()
    }

    /// An apply run's: after it holds the lock, it writes only its state file (a temporary file
    /// beside it, renamed over it, or the file removed). Dry runs and `--check` write nothing.
    public static func forRun(statePath: String, writes: Bool) -> FileSystemConfinement {
        FileSystemConfinement(writableDirectories: writes ? [directory(of: statePath)] : [])
    }

    /// The directory that holds `path`: `.` for a bare name, `/` for a file at the root.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// The debug line for a confinement that took, naming how (`Landlock ABI 3`).
    public func confinedLine(by mechanism: String) -> String {
        let writable = writableDirectories.isEmpty ? "nothing" : writableDirectories.joined(separator: ", ")
        return "file system confined (\(mechanism)): read-only, writable beneath \(writable), no exec"
    }

    /// The debug line for one that did not, with the kernel's reason.
    public static func notConfinedLine(because reason: String) -> String {
        "file system not confined: \(reason)"
    }
}

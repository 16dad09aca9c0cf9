import Glibc

/// The process's own calls: its environment, SIGPIPE, and its exit.
extension Syscalls {
    /// Every `NAME=value` entry of `environ`; entries without `=` are skipped, and a later entry
    /// of a name wins.
    public static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var cursor = environ
        while let pointer = cursor.pointee {
            let entry = String(cString: pointer)
            if let equals = entry.firstIndex(of: "=") {
                result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }

    /// Ignores SIGPIPE, so that a reader that goes away (`ipv6-reconcile | head`) is an EPIPE
    /// error on the write, not a process killed mid-write.
    public static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Ends the process with `status`.
    public static func exit(_ status: Int32) -> Never {
        Glibc.exit(status)
    }
}

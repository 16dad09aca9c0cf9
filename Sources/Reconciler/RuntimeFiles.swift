import SystemCalls

/// A failed file operation on the lock or state file, as one line naming the path and the cause.
public struct RuntimeFileError: Error, Sendable {
    /// What failed, with the path and errno text.
    public let message: String
}

/// The lock and state files of apply runs: `--lock-file` and `--state-file`, else `lock` and
/// `state` in `$RUNTIME_DIRECTORY` under systemd (`RuntimeDirectory=`), else in
/// `/run/ipv6-reconcile`, which is created (mode 0700) when missing. Policy only: every call
/// goes through `SystemCalls`.
public struct RuntimeFiles: Sendable {
    /// The lock that keeps apply runs from overlapping.
    public let lockPath: String
    /// The state file that remembers the last apply run's conditions.
    public let statePath: String

    /// The default directory outside systemd.
    public static let fallbackDirectory = "/run/ipv6-reconcile"

    /// The files for these options in this environment.
    public init(lockFile: String?, stateFile: String?, environment: [String: String]) {
        let directory = Self.directory(environment: environment)
        lockPath = lockFile ?? directory + "/lock"
        statePath = stateFile ?? directory + "/state"
    }

    /// The directory to use. systemd may list several, separated by colons; the first is ours.
    static func directory(environment: [String: String]) -> String {
        if let fromSystemd = environment["RUNTIME_DIRECTORY"], let first = fromSystemd.split(separator: ":").first {
            return String(first)
        }
        return fallbackDirectory
    }

    /// Creates the directory of `file` if it is missing (one level only: /run exists).
    private static func ensureParent(of file: String) throws(RuntimeFileError) {
        guard let slash = file.lastIndex(of: "/"), slash != file.startIndex else { return }
        let directory = String(file[..<slash])
        do {
            try Syscalls.makeDirectory(directory, permissions: 0o700)
        } catch {
            throw RuntimeFileError(message: "cannot create \(directory): \(error)")
        }
    }

    /// Takes an exclusive `flock` on the lock file, waiting up to `timeoutSeconds`, so that a
    /// manual run and a timer run never write at the same time. Held until the process exits
    /// (the kernel releases it with the descriptor, even on a crash, so no stale lock can
    /// outlive a run). Returns false when another run still held it at the end of the wait.
    public func acquireLock(timeoutSeconds: Double) throws(RuntimeFileError) -> Bool {
        try Self.ensureParent(of: lockPath)
        let fd: Int32
        do {
            fd = try Syscalls.open(lockPath, .lockFile)
        } catch {
            throw RuntimeFileError(message: "cannot open lock file \(lockPath): \(error)")
        }
        // Polling with a short sleep keeps the wait bounded without signals or threads; a waiting
        // run costs nothing measurable at 20 tries a second.
        var waitedMilliseconds = 0.0
        while true {
            do {
                if try Syscalls.tryLockExclusive(fd) { return true }
            } catch {
                throw RuntimeFileError(message: "cannot lock \(lockPath): \(error)")
            }
            if waitedMilliseconds >= timeoutSeconds * 1000 { return false }
            Syscalls.sleep(milliseconds: 50)
            waitedMilliseconds += 50
        }
    }

    /// The largest state file read: a few lines per condition; anything huge is not ours.
    static let stateLimit = 16 << 20

    /// The state file's text, nil when it does not exist; throws when it exists but cannot be read.
    public func readState() throws(RuntimeFileError) -> String? {
        let fd: Int32
        do {
            fd = try Syscalls.open(statePath, .reading)
        } catch where error == .noSuchFile {
            return nil
        } catch {
            throw RuntimeFileError(message: "cannot read state file \(statePath): \(error)")
        }
        defer { Syscalls.close(fd) }
        let bytes: [UInt8]
        do {
            bytes = try Syscalls.readAll(fd, limit: Self.stateLimit)
        } catch {
            throw RuntimeFileError(message: "cannot read state file \(statePath): \(error)")
        }
        guard bytes.count <= Self.stateLimit else { throw RuntimeFileError(message: "state file \(statePath) is larger than 16 MiB") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces the state file atomically: write a temporary file beside it, fsync, rename over.
    /// A crash leaves either the old file or the new one, never half of one.
    public func writeState(_ text: String) throws(RuntimeFileError) {
        try Self.ensureParent(of: statePath)
        let temporary = statePath + ".tmp"
        let fd: Int32
        do {
            fd = try Syscalls.open(temporary, .replacing)
        } catch {
            throw RuntimeFileError(message: "cannot write state file \(temporary): \(error)")
        }
        do {
            try Syscalls.writeAll(text.utf8, to: fd)
        } catch {
            Syscalls.close(fd)
            Syscalls.removeQuietly(temporary)
            throw RuntimeFileError(message: "cannot write state file \(temporary): \(error)")
        }
        do {
            defer { Syscalls.close(fd) }
            try Syscalls.sync(fd)
        } catch {
            Syscalls.removeQuietly(temporary)
            throw RuntimeFileError(message: "cannot replace state file \(statePath): \(error)")
        }
        do {
            try Syscalls.rename(temporary, to: statePath)
        } catch {
            Syscalls.removeQuietly(temporary)
            throw RuntimeFileError(message: "cannot replace state file \(statePath): \(error)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DockerEngine
import SystemCalls

/// A failed file operation on the lock or state file, as one line naming the path and the cause.
struct RuntimeFileError: Error {
    /// What failed, with the path and errno text.
    let message: String
}

/// Where the lock and state files live: `$RUNTIME_DIRECTORY` under systemd (`RuntimeDirectory=`),
/// else `/run/ipv6-reconcile`, which is created (mode 0700) when missing.
enum RuntimeDirectory {
    /// The default directory outside systemd.
    static let fallback = "/run/ipv6-reconcile"

    /// The directory to use. systemd may list several, separated by colons; the first is ours.
    static func path(environment: [String: String]) -> String {
        if let fromSystemd = environment["RUNTIME_DIRECTORY"], let first = fromSystemd.split(separator: ":").first {
            return String(first)
        }
        return fallback
    }

    /// Creates the directory of `file` if it is missing (one level only: /run exists).
    static func ensureParent(of file: String) throws(RuntimeFileError) {
        guard let slash = file.lastIndex(of: "/"), slash != file.startIndex else { return }
        let directory = String(file[..<slash])
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw RuntimeFileError(message: "cannot create \(directory): \(FileDescriptors.lastError)")
        }
    }
}

/// An exclusive `flock` on a lock file, so that a manual run and a timer run never write at the
/// same time. Held until the process exits (the kernel releases it with the descriptor, even on a
/// crash, so no stale lock can outlive a run).
enum RunLock {
    /// Takes the lock, waiting up to `timeoutSeconds`. Returns false when another run still held it
    /// at the end of the wait.
    static func acquire(path: String, timeoutSeconds: Double) throws(RuntimeFileError) -> Bool {
        try RuntimeDirectory.ensureParent(of: path)
        let fd: Int32
        switch FileDescriptors.open(path, O_RDWR | O_CREAT, mode: 0o600) {
        case .success(let opened): fd = opened
        case .failure(let error): throw RuntimeFileError(message: "cannot open lock file \(path): \(error)")
        }
        // Polling with a short sleep keeps the wait bounded without signals or threads; a waiting
        // run costs nothing measurable at 20 tries a second.
        var waitedMilliseconds = 0.0
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            let error = errno
            if error == EINTR { continue }
            guard error == EWOULDBLOCK else {
                throw RuntimeFileError(message: "cannot lock \(path): \(Errno(rawValue: error))")
            }
            if waitedMilliseconds >= timeoutSeconds * 1000 { return false }
            usleep(50_000)
            waitedMilliseconds += 50
        }
    }
}

/// Reads and writes the small state file that remembers the last apply run's conditions.
enum StateFile {
    /// The file's text, nil when it does not exist; throws when it exists but cannot be read.
    static func read(path: String) throws(RuntimeFileError) -> String? {
        let fd: Int32
        switch FileDescriptors.open(path, O_RDONLY) {
        case .success(let opened): fd = opened
        case .failure(let error) where error == .noSuchFile: return nil
        case .failure(let error): throw RuntimeFileError(message: "cannot read state file \(path): \(error)")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw RuntimeFileError(message: "cannot read state file \(path): \(FileDescriptors.lastError)")
            }
            bytes += chunk[0..<count]
            // A state file is a few lines per problem; anything huge is not ours.
            if bytes.count > 16 << 20 { throw RuntimeFileError(message: "state file \(path) is larger than 16 MiB") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces the file atomically: write a temporary file beside it, fsync, rename over. A crash
    /// leaves either the old file or the new one, never half of one.
    static func write(_ text: String, path: String) throws(RuntimeFileError) {
        try RuntimeDirectory.ensureParent(of: path)
        let temporary = path + ".tmp"
        let fd: Int32
        switch FileDescriptors.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o600) {
        case .success(let opened): fd = opened
        case .failure(let error): throw RuntimeFileError(message: "cannot write state file \(temporary): \(error)")
        }
        if let error = FileDescriptors.writeAll(text.utf8, to: fd) {
            close(fd)
            unlink(temporary)
            throw RuntimeFileError(message: "cannot write state file \(temporary): \(error)")
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path) == 0 else {
            let cause = FileDescriptors.lastError
            unlink(temporary)
            throw RuntimeFileError(message: "cannot replace state file \(path): \(cause)")
        }
    }
}

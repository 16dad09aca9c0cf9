import Glibc

/// The file calls: the lock and state files, `/proc/sys` values, and writes to stdout and stderr.
/// Each is retried on EINTR and fails with the call's errno; the callers keep only their policy.
extension Syscalls {
    /// How a file is opened.
    public struct OpenMode: Sendable {
        let flags: Int32
        let permissions: mode_t

        /// Read only.
        public static let reading = OpenMode(flags: O_RDONLY, permissions: 0)
        /// Read and write, created with mode 0600 when missing: a lock file.
        public static let lockFile = OpenMode(flags: O_RDWR | O_CREAT, permissions: 0o600)
        /// Write only, created with mode 0600 or truncated: a file about to replace another.
        public static let replacing = OpenMode(flags: O_WRONLY | O_CREAT | O_TRUNC, permissions: 0o600)
    }

    /// `open(2)` with close-on-exec.
    public static func open(_ path: String, _ mode: OpenMode) throws(Errno) -> Int32 {
        try retryingOnInterrupt { Glibc.open(path, mode.flags | O_CLOEXEC, mode.permissions) }
    }

    /// Writes all of `bytes`, through short writes.
    public static func writeAll(_ bytes: some Collection<UInt8>, to fd: Int32) throws(Errno) {
        var remaining = Array(bytes)[...]
        while !remaining.isEmpty {
            let outcome: Result<Int, Errno> = remaining.withUnsafeBytes { buffer in
                Result { () throws(Errno) in try retryingOnInterrupt { Glibc.write(fd, buffer.baseAddress, buffer.count) } }
            }
            remaining = remaining.dropFirst(try outcome.get())
        }
    }

    /// Reads `fd` to its end, or until more than `limit` bytes have come: a result longer than
    /// `limit` says the file is larger than the caller accepts.
    public static func readAll(_ fd: Int32, limit: Int) throws(Errno) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: Swift.min(16 << 10, limit + 1))
        while bytes.count <= limit {
            let outcome: Result<Int, Errno> = chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(Errno) in try retryingOnInterrupt { Glibc.read(fd, buffer.baseAddress, buffer.count) } }
            }
            let count = try outcome.get()
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// Reads a small file whole (a `/proc/sys` value), keeping at most `limit` bytes.
    public static func readSmallFile(_ path: String, limit: Int = 4096) throws(Errno) -> [UInt8] {
        let fd = try open(path, .reading)
        defer { close(fd) }
        return Array(try readAll(fd, limit: limit).prefix(limit))
    }

    /// `mkdir(2)`; an existing directory is not an error.
    public static func makeDirectory(_ path: String, permissions: UInt32) throws(Errno) {
        if Glibc.mkdir(path, mode_t(permissions)) != 0 && errno != EEXIST { throw Errno.current }
    }

    /// `flock(fd, LOCK_EX | LOCK_NB)`: true when taken, false while another descriptor holds it.
    public static func tryLockExclusive(_ fd: Int32) throws(Errno) -> Bool {
        do {
            _ = try retryingOnInterrupt { flock(fd, LOCK_EX | LOCK_NB) }
            return true
        } catch where error == .wouldBlock {
            return false
        }
    }

    /// `fsync(2)`.
    public static func sync(_ fd: Int32) throws(Errno) {
        _ = try retryingOnInterrupt { fsync(fd) }
    }

    /// `rename(2)`.
    public static func rename(_ from: String, to: String) throws(Errno) {
        if Glibc.rename(from, to) != 0 { throw Errno.current }
    }

    /// `unlink(2)`, errors ignored: used only to tidy up after another failure.
    public static func removeQuietly(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// Standard output's descriptor.
    public static let standardOutput = STDOUT_FILENO
    /// Standard error's descriptor.
    public static let standardError = STDERR_FILENO
}

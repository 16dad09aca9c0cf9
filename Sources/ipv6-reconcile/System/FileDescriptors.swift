#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DockerEngine
import SystemCalls

/// The executable's few file syscalls (lock, state file, stdout and stderr), each retried on
/// EINTR the way the engine adapter's socket wrappers are, with failures as the adapter's typed
/// `Errno`, whose text is `strerror`'s.
enum FileDescriptors {
    /// `open(2)` with close-on-exec, retried on EINTR; the descriptor or the errno.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) -> Result<Int32, Errno> {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(Errno(rawValue: errno)) }
        }
    }

    /// Writes all of `bytes`, retrying on EINTR and short writes; the errno that stopped it, or nil.
    @discardableResult
    static func writeAll(_ bytes: some Collection<UInt8>, to fd: Int32) -> Errno? {
        var remaining = Array(bytes)[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return Errno(rawValue: errno)
            }
            remaining = remaining.dropFirst(written)
        }
        return nil
    }

    /// The current `errno`, typed.
    static var lastError: Errno { Errno(rawValue: errno) }
}

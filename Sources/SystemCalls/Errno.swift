import Glibc

/// A typed POSIX error number, so that a failed syscall carries its cause into a one-line message.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    /// The raw `errno` value.
    public let rawValue: Int32

    /// Wraps a raw value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The current thread's `errno`.
    public static var current: Errno { Errno(rawValue: errno) }

    /// `strerror`'s text, e.g. "No such file or directory".
    public var description: String {
        guard let text = strerror(rawValue) else { return "errno \(rawValue)" }
        return String(cString: text)
    }

    /// Interrupted by a signal: the call is retried.
    public static let interrupted = Errno(rawValue: EINTR)
    /// Would block on a non-blocking descriptor: wait with poll.
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    /// A non-blocking connect is under way.
    public static let inProgress = Errno(rawValue: EINPROGRESS)
    /// The deadline passed (used for our own poll timeouts).
    public static let timedOut = Errno(rawValue: ETIMEDOUT)
    /// No such file: the socket path does not exist.
    public static let noSuchFile = Errno(rawValue: ENOENT)
    /// Permission denied on the socket.
    public static let permissionDenied = Errno(rawValue: EACCES)
    /// Nobody listens on the socket.
    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)
    /// The file or directory exists already.
    public static let exists = Errno(rawValue: EEXIST)
    /// Operation not permitted (a missing capability).
    public static let notPermitted = Errno(rawValue: EPERM)
}

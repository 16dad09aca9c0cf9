import Glibc

/// The socket calls (the engine adapter's Unix and TCP sockets, the host adapter's rtnetlink
/// socket). This target is the only code that calls the kernel; `FileCalls.swift` has the file
/// calls and `ProcessCalls.swift` the process's own. Every wrapper retries on EINTR, except
/// `close`, which must never be retried on Linux: the descriptor is released even when it reports
/// EINTR, and a retry could close a descriptor another thread just opened.
public enum Syscalls {
    /// Retries `body` while it fails with EINTR; returns its result or throws its errno.
    @inline(__always)
    static func retryingOnInterrupt<T: FixedWidthInteger>(_ body: () -> T) throws(Errno) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let error = Errno.current
            if error != .interrupted { throw error }
        }
    }

    /// `socket(2)` with close-on-exec and non-blocking set, so that deadlines are kept by `poll`.
    public static func socket(domain: Int32, type: Int32, protocol: Int32 = 0) throws(Errno) -> Int32 {
        try retryingOnInterrupt { Glibc.socket(domain, type | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), `protocol`) }
    }

    /// `connect(2)`. EINPROGRESS and EAGAIN are returned as errors for the caller to poll on.
    /// EINTR is not retried here: a connect interrupted by a signal continues asynchronously,
    /// and the caller polls for its completion just as for EINPROGRESS.
    public static func connect(_ fd: Int32, address: UnsafePointer<sockaddr>, length: socklen_t) throws(Errno) {
        if Glibc.connect(fd, address, length) == -1 { throw Errno.current }
    }

    /// `getsockopt(SO_ERROR)`: the outcome of a non-blocking connect.
    public static func pendingError(_ fd: Int32) throws(Errno) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retryingOnInterrupt { getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) }
        return value
    }

    /// `send(2)` without SIGPIPE: a peer that went away is an EPIPE error, not a dead process.
    public static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try retryingOnInterrupt { Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    /// `recv(2)`; 0 means the peer closed.
    public static func receive(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retryingOnInterrupt { Glibc.recv(fd, buffer.baseAddress, buffer.count, 0) }
    }

    /// `poll(2)` on one descriptor for `events`, for at most `milliseconds`; returns whether it is
    /// ready. A signal shortens the wait; the caller recomputes the remaining time and calls again.
    public static func poll(_ fd: Int32, events: Int16, milliseconds: Int32) throws(Errno) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let result = Glibc.poll(&entry, 1, milliseconds)
        if result == -1 {
            let error = Errno.current
            if error == .interrupted { return false }
            throw error
        }
        return result > 0
    }

    /// `close(2)`, never retried (see the type's comment). Errors are ignored: nothing useful can
    /// be done about them for a socket we only read.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Sleeps for `milliseconds` (a signal may cut it short, which callers tolerate: they loop
    /// on a deadline).
    public static func sleep(milliseconds: Int32) {
        _ = usleep(useconds_t(milliseconds) * 1000)
    }

    /// Milliseconds on the monotonic clock, which wall-clock changes do not move.
    public static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}

/// One address `getaddrinfo` gave for a stream socket: its family and its `sockaddr` bytes.
public struct SocketAddress: Sendable {
    /// `AF_INET` or `AF_INET6`.
    public let family: Int32
    /// The `sockaddr_in` or `sockaddr_in6`, as bytes.
    public let bytes: [UInt8]
}

extension Syscalls {
    /// `getaddrinfo(3)` for a TCP connection to a numeric port: every address, in the resolver's
    /// order. A name that does not resolve is EHOSTUNREACH.
    public static func streamAddresses(host: String, port: UInt16) throws(Errno) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { throw Errno(rawValue: EHOSTUNREACH) }
        defer { freeaddrinfo(list) }
        var result: [SocketAddress] = []
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate, let address = info.pointee.ai_addr {
            let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(address), count: Int(info.pointee.ai_addrlen))
            result.append(SocketAddress(family: info.pointee.ai_family, bytes: Array(raw)))
            candidate = info.pointee.ai_next
        }
        return result
    }
}

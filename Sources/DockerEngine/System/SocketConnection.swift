import Glibc
import SystemCalls

/// A point on the monotonic clock by which an operation must finish.
public struct Deadline: Sendable {
    /// Monotonic milliseconds.
    let milliseconds: Int64

    /// The deadline `seconds` from now.
    public static func after(seconds: Double) -> Deadline {
        Deadline(milliseconds: Syscalls.monotonicMilliseconds() + Int64((seconds * 1000).rounded(.up)))
    }

    /// Milliseconds left, clamped to what `poll` takes; 0 once passed.
    var remainingMilliseconds: Int32 {
        Int32(clamping: max(0, milliseconds - Syscalls.monotonicMilliseconds()))
    }
}

/// A connected stream socket with deadlines. One per request: Unix-socket connects cost
/// microseconds, and a fresh connection never inherits a half-read response.
final class SocketConnection {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { Syscalls.close(fd) }

    /// Connects to `endpoint` before `deadline`.
    static func open(_ endpoint: EngineEndpoint, deadline: Deadline) throws(Errno) -> SocketConnection {
        switch endpoint {
        case .unix(let path): return try openUnix(path: path, deadline: deadline)
        case .tcp(let host, let port): return try openTCP(host: host, port: port, deadline: deadline)
        }
    }

    private static func openUnix(path: String, deadline: Deadline) throws(Errno) -> SocketConnection {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // EngineEndpoint checked this already; checked again so no path can overrun sun_path.
        guard pathBytes.count < capacity else { throw Errno(rawValue: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let connection = SocketConnection(fd: try Syscalls.socket(domain: AF_UNIX, type: Int32(SOCK_STREAM.rawValue)))
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + 1)
        try withUnsafePointer(to: &address) { (pointer) throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (generic) throws(Errno) in
                try connection.finishConnect(generic, length: length, deadline: deadline)
            }
        }
        return connection
    }

    private static func openTCP(host: String, port: UInt16, deadline: Deadline) throws(Errno) -> SocketConnection {
        var lastError = Errno(rawValue: EHOSTUNREACH)
        for address in try Syscalls.streamAddresses(host: host, port: port) {
            do throws(Errno) {
                let connection = SocketConnection(fd: try Syscalls.socket(domain: address.family, type: Int32(SOCK_STREAM.rawValue)))
                let outcome: Result<Void, Errno> = address.bytes.withUnsafeBytes { raw in
                    Result { () throws(Errno) in
                        try connection.finishConnect(
                            raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length: socklen_t(raw.count), deadline: deadline)
                    }
                }
                try outcome.get()
                return connection
            } catch {
                lastError = error
                if error == .timedOut { break }
            }
        }
        throw lastError
    }

    /// Connects, waiting with poll when the connect is still under way.
    private func finishConnect(_ address: UnsafePointer<sockaddr>, length: socklen_t, deadline: Deadline) throws(Errno) {
        while true {
            do throws(Errno) {
                try Syscalls.connect(fd, address: address, length: length)
                return
            } catch where error == .wouldBlock {
                // A Unix socket whose listen backlog is full answers EAGAIN, and unlike TCP's
                // EINPROGRESS nothing is under way: polling would report the idle socket writable
                // at once. Try again shortly, until the deadline.
                let remaining = deadline.remainingMilliseconds
                if remaining == 0 { throw .timedOut }
                Syscalls.sleep(milliseconds: min(10, remaining))
                continue
            } catch where error == .inProgress || error == .interrupted {
                // TCP: the connect goes on in the background (also after a signal); poll for it.
            }
            try waitUntil(events: Int16(POLLOUT), deadline: deadline)
            let pending = try Syscalls.pendingError(fd)
            if pending != 0 { throw Errno(rawValue: pending) }
            return
        }
    }

    /// Sends all of `bytes` before `deadline`.
    func sendAll(_ bytes: [UInt8], deadline: Deadline) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            // Array.withUnsafeBytes only rethrows untyped errors, so the syscall's result is
            // carried out of the closure as a Result.
            let outcome: Result<Int, Errno> = bytes.withUnsafeBytes { buffer in
                Result { () throws(Errno) in try Syscalls.send(fd, UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
            }
            switch outcome {
            case .success(let sent): offset += sent
            case .failure(let error) where error == .wouldBlock: try waitUntil(events: Int16(POLLOUT), deadline: deadline)
            case .failure(let error): throw error
            }
        }
    }

    /// Receives what is available into `buffer` before `deadline`; returns 0 when the peer closed.
    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(Errno) -> Int {
        while true {
            do throws(Errno) {
                return try Syscalls.receive(fd, buffer)
            } catch where error == .wouldBlock {
                try waitUntil(events: Int16(POLLIN), deadline: deadline)
            }
        }
    }

    /// Waits for `events`, or throws ETIMEDOUT once `deadline` passes.
    private func waitUntil(events: Int16, deadline: Deadline) throws(Errno) {
        while true {
            let remaining = deadline.remainingMilliseconds
            if remaining == 0 { throw .timedOut }
            if try Syscalls.poll(fd, events: events, milliseconds: remaining) { return }
        }
    }
}

import Glibc
import SystemCalls

/// A NETLINK_ROUTE socket that makes dump requests (questions to the kernel about this network
/// namespace) and, for `--ndp-proxy` only, acknowledged changes. Every wait has a deadline (poll),
/// as the engine adapter's sockets do.
final class RtnetlinkSocket {
    private let fd: Int32
    private var sequence: UInt32 = 0
    private let timeoutMilliseconds: Int64

    /// Opens the socket and connects it to the kernel (port 0), so `send` and `recv` need no address.
    init(timeoutSeconds: Double) throws(Errno) {
        timeoutMilliseconds = Int64(timeoutSeconds * 1000)
        // NETLINK_ROUTE is 0; Glibc's module map has no linux/netlink.h, so sockaddr_nl is
        // written out: nl_family (2 bytes), nl_pad (2), nl_pid (4, 0 = the kernel), nl_groups (4).
        fd = try Syscalls.socket(domain: AF_NETLINK, type: Int32(SOCK_RAW.rawValue), protocol: 0)
        var kernel = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: UInt16(AF_NETLINK)) { kernel.replaceSubrange(0..<2, with: $0) }
        let connected: Result<Void, Errno> = kernel.withUnsafeBytes { raw in
            Result { () throws(Errno) in
                try Syscalls.connect(fd, address: raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length: socklen_t(raw.count))
            }
        }
        if case .failure(let error) = connected {
            Syscalls.close(fd)
            throw error
        }
    }

    deinit { Syscalls.close(fd) }

    /// Every message of one dump, up to `NLMSG_DONE`. A dump the kernel marks interrupted (its
    /// tables changed meanwhile) is asked again, up to three times.
    func dump(type: UInt16, familyHeader: [UInt8]) throws(HostReadError) -> [NetlinkCodec.Message] {
        var attempt = 0
        while true {
            attempt += 1
            let (messages, interrupted) = try dumpOnce(type: type, familyHeader: familyHeader)
            if !interrupted || attempt == 3 { return messages }
        }
    }

    private func dumpOnce(type: UInt16, familyHeader: [UInt8]) throws(HostReadError) -> ([NetlinkCodec.Message], Bool) {
        sequence += 1
        var result: [NetlinkCodec.Message] = []
        var interrupted = false
        do throws(RtnetlinkFailure) {
            try exchange(NetlinkCodec.dumpRequest(type: type, sequence: sequence, familyHeader: familyHeader)) { message throws(RtnetlinkFailure) in
                if message.flags & NetlinkCodec.interruptedFlag != 0 { interrupted = true }
                switch message.type {
                case NetlinkCodec.doneType: return true
                case NetlinkCodec.errorType:
                    let code = NetlinkCodec.field(Int32.self, message.payload, at: 0) ?? 0
                    throw RtnetlinkFailure("rtnetlink refused the dump: \(Errno(rawValue: -code))", errno: Errno(rawValue: -code))
                default:
                    result.append(message)
                    return false
                }
            }
        } catch {
            throw HostReadError(error.description)
        }
        return (result, interrupted)
    }

    /// Makes one change (`type`, with `flags` beside `NLM_F_REQUEST|NLM_F_ACK`) and waits for the
    /// kernel's acknowledgement; throws its errno when it refuses.
    func change(type: UInt16, flags: UInt16 = 0, payload: [UInt8]) throws(RtnetlinkFailure) {
        sequence += 1
        let request = NetlinkCodec.request(type: type, flags: NetlinkCodec.changeFlags | flags, sequence: sequence, payload: payload)
        try exchange(request) { message throws(RtnetlinkFailure) in
            guard message.type == NetlinkCodec.errorType else { return false }
            let code = NetlinkCodec.field(Int32.self, message.payload, at: 0) ?? 0
            if code != 0 { throw RtnetlinkFailure("\(Errno(rawValue: -code))", errno: Errno(rawValue: -code)) }
            return true
        }
    }

    /// Sends `request` and hands each answer of this sequence number to `handle` until it says
    /// the exchange is over, within the deadline.
    private func exchange(_ request: [UInt8], _ handle: (NetlinkCodec.Message) throws(RtnetlinkFailure) -> Bool) throws(RtnetlinkFailure) {
        let deadline = Syscalls.monotonicMilliseconds() + timeoutMilliseconds
        let sent: Result<Int, Errno> = request.withUnsafeBytes { buffer in Result { () throws(Errno) in try Syscalls.send(fd, buffer) } }
        switch sent {
        case .failure(let error): throw RtnetlinkFailure("rtnetlink request failed: \(error)", errno: error)
        case .success(let count) where count != request.count:
            throw RtnetlinkFailure("rtnetlink took \(count) of \(request.count) request bytes")
        case .success: break
        }
        // A dump datagram is at most a page or two (the kernel sizes it to the reader's buffer,
        // up to 32 KiB); 64 KiB always holds one.
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let remaining = deadline - Syscalls.monotonicMilliseconds()
            guard remaining > 0 else { throw RtnetlinkFailure("rtnetlink did not answer within \(timeoutMilliseconds) ms") }
            let count: Int
            do throws(Errno) {
                guard try Syscalls.poll(fd, events: Int16(POLLIN), milliseconds: Int32(clamping: remaining)) else { continue }
                let outcome: Result<Int, Errno> = buffer.withUnsafeMutableBytes { raw in
                    Result { () throws(Errno) in try Syscalls.receive(fd, raw) }
                }
                count = try outcome.get()
            } catch {
                if error == .wouldBlock { continue }
                throw RtnetlinkFailure("rtnetlink read failed: \(error)", errno: error)
            }
            let messages: [NetlinkCodec.Message]
            do throws(NetlinkError) {
                messages = try NetlinkCodec.messages(in: Array(buffer[..<count]))
            } catch {
                throw RtnetlinkFailure(error.description)
            }
            for message in messages where message.sequence == sequence {
                if try handle(message) { return }
            }
        }
    }
}

/// A failed rtnetlink exchange: one line, and the errno where there is one.
struct RtnetlinkFailure: Error, CustomStringConvertible {
    /// One line.
    let description: String
    /// The kernel's or the socket's errno.
    var errno: Errno?

    init(_ description: String, errno: Errno? = nil) {
        self.description = description
        self.errno = errno
    }
}

/// Why the host's network state could not be read: one line.
public struct HostReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One line.
    public let description: String

    /// Wraps a line.
    public init(_ description: String) { self.description = description }
}

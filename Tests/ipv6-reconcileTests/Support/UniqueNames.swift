import Foundation

/// Names, label namespaces and subnets that belong to one test alone. The engine is shared by
/// every test running at the same time (and the tool sees every labelled container on it), so each
/// test works in its own namespace: `v6r-<tag>-...` for containers and networks, `t<tag>.mapper`
/// for labels, and a /64 of 2001:db8::/32 that no other test of this process is given.
struct TestNames: Sendable {
    /// Random per test, plus a process-wide counter so two tests of one run can never draw the
    /// same tag; the random part keeps runs that overlap on one engine apart.
    let tag: String

    /// A fresh, unique set of names.
    static func fresh() -> TestNames {
        let serial = Counter.shared.next()
        let random = UInt32.random(in: 0...UInt32.max)
        return TestNames(tag: String(random, radix: 16) + "x" + String(serial, radix: 16))
    }

    /// The label namespace this test's containers use, so the tool run by this test manages
    /// only them (`--label-prefix`).
    var labelPrefix: String { "t\(tag).mapper" }

    /// A container or network name for `role` (`a`, `web`, `net`...). Names sort by role, which
    /// the conflict tests rely on ("the name that sorts first wins").
    func name(_ role: String) -> String { "v6r-\(tag)-\(role)" }
}

/// Hands out /64s (and /80s) of 2001:db8::/32 that are distinct within this process. The third
/// group starts at a random value, so that runs overlapping on one engine rarely meet (when they
/// do, network creation retries with the next one), and stays in 0x100...0xfffe, clear of the small
/// values hand-made networks use (`2001:db8:1:1::/80` is the README's walkthrough).
enum SubnetAllocator {
    /// The next unused /64, e.g. `2001:db8:4f2a::/64`.
    static func next64() -> String {
        let group = 0x100 + (base + Counter.shared.next()) % (0xffff - 0x100)
        return "2001:db8:\(String(group, radix: 16))::/64"
    }

    /// The next unused /80, for tests that mirror the README's `/80` walkthrough.
    static func next80() -> String {
        let group = 0x100 + (base + Counter.shared.next()) % (0xffff - 0x100)
        return "2001:db8:\(String(group, radix: 16)):1::/80"
    }

    private static let base = Int.random(in: 0..<0xfeff)
}

/// A process-wide counter: the unique part of tags and subnets.
final class Counter: @unchecked Sendable {
    /// The one counter.
    static let shared = Counter()

    private let lock = NSLock()
    private var value = 0

    /// The next value, starting at 1.
    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}

import Glibc
import SystemCallShims

/// Landlock, the kernel's unprivileged file-system sandbox: the process confines itself, at a
/// cost that does not depend on the host's mount table (unlike a service manager's mount
/// namespace). Rights and structures as in `<linux/landlock.h>`, laid out here by hand.
extension Syscalls {
    /// The Landlock file-system rights (`LANDLOCK_ACCESS_FS_*`).
    public struct LandlockAccess: OptionSet, Sendable {
        public let rawValue: UInt64
        public init(rawValue: UInt64) { self.rawValue = rawValue }

        public static let execute = LandlockAccess(rawValue: 1 << 0)
        public static let writeFile = LandlockAccess(rawValue: 1 << 1)
        public static let readFile = LandlockAccess(rawValue: 1 << 2)
        public static let readDirectory = LandlockAccess(rawValue: 1 << 3)
        public static let removeDirectory = LandlockAccess(rawValue: 1 << 4)
        public static let removeFile = LandlockAccess(rawValue: 1 << 5)
        public static let makeCharacterDevice = LandlockAccess(rawValue: 1 << 6)
        public static let makeDirectory = LandlockAccess(rawValue: 1 << 7)
        public static let makeRegularFile = LandlockAccess(rawValue: 1 << 8)
        public static let makeSocket = LandlockAccess(rawValue: 1 << 9)
        public static let makeFIFO = LandlockAccess(rawValue: 1 << 10)
        public static let makeBlockDevice = LandlockAccess(rawValue: 1 << 11)
        public static let makeSymlink = LandlockAccess(rawValue: 1 << 12)
        /// ABI 2: link or rename into another directory.
        public static let refer = LandlockAccess(rawValue: 1 << 13)
        /// ABI 3: truncate.
        public static let truncate = LandlockAccess(rawValue: 1 << 14)
        /// ABI 5: ioctl on device files.
        public static let ioctlDevice = LandlockAccess(rawValue: 1 << 15)

        /// Every right the kernel's ABI version `abi` knows, so that all of them are handled
        /// (denied unless a rule allows them).
        public static func known(abi: Int) -> LandlockAccess {
            var rights = LandlockAccess(rawValue: (1 << 13) - 1)
            if abi >= 2 { rights.insert(.refer) }
            if abi >= 3 { rights.insert(.truncate) }
            if abi >= 5 { rights.insert(.ioctlDevice) }
            return rights
        }
    }

    /// The kernel's Landlock ABI version (1 and up), or the errno that says it has none:
    /// ENOSYS (not built in), EOPNOTSUPP (built in, not enabled at boot), EPERM (a seccomp
    /// filter, such as a unit's `SystemCallFilter=`, refuses the call).
    public static func landlockABIVersion() throws(Errno) -> Int {
        let version = shim_landlock_create_ruleset(nil, 0, 1)  // LANDLOCK_CREATE_RULESET_VERSION
        if version < 0 { throw Errno.current }
        return version
    }

    /// Confines the process, for good: from now on it may use only `allowed`'s rights, each
    /// beneath its directory, of the rights ABI version `abi` handles. Sets no_new_privs first.
    /// Throws the errno of the call that failed, with nothing confined, naming the path when
    /// a directory could not be opened.
    public static func landlockRestrict(abi: Int, allowed: [(path: String, access: LandlockAccess)]) throws(LandlockFailure) {
        let handled = LandlockAccess.known(abi: abi)
        var attribute = handled.rawValue  // struct landlock_ruleset_attr's first field (ABI 1-3 size)
        let ruleset = Int32(truncatingIfNeeded: shim_landlock_create_ruleset(&attribute, 8, 0))
        if ruleset < 0 { throw LandlockFailure(call: "landlock_create_ruleset", path: nil, errno: .current) }
        defer { _ = Glibc.close(ruleset) }
        for (path, access) in allowed {
            let directory = Glibc.open(path, Self.openPathOnly | O_CLOEXEC)
            if directory < 0 { throw LandlockFailure(call: "open", path: path, errno: .current) }
            // struct landlock_path_beneath_attr: __u64 allowed_access; __s32 parent_fd; packed.
            var rule = [UInt8](repeating: 0, count: 12)
            withUnsafeBytes(of: access.intersection(handled).rawValue.littleEndian) { rule.replaceSubrange(0..<8, with: $0) }
            withUnsafeBytes(of: directory.littleEndian) { rule.replaceSubrange(8..<12, with: $0) }
            let added = rule.withUnsafeBytes { shim_landlock_add_rule(ruleset, 1, $0.baseAddress, 0) }  // LANDLOCK_RULE_PATH_BENEATH
            let error = Errno.current
            _ = Glibc.close(directory)
            if added < 0 { throw LandlockFailure(call: "landlock_add_rule", path: path, errno: error) }
        }
        if shim_set_no_new_privileges() != 0 { throw LandlockFailure(call: "prctl(PR_SET_NO_NEW_PRIVS)", path: nil, errno: .current) }
        if shim_landlock_restrict_self(ruleset, 0) < 0 { throw LandlockFailure(call: "landlock_restrict_self", path: nil, errno: .current) }
    }

    /// `O_PATH` (a descriptor that names a directory without opening it for reading), which glibc
    /// declares only under _GNU_SOURCE; the same value on every Linux architecture but alpha,
    /// parisc and sparc.
    static let openPathOnly: Int32 = 0o10000000

    /// Which call of a Landlock confinement failed, on what, and why.
    public struct LandlockFailure: Error, Sendable, CustomStringConvertible {
        public let call: String
        public let path: String?
        public let errno: Errno
        public var description: String { "\(call)\(path.map { " of \($0)" } ?? ""): \(errno)" }
    }
}

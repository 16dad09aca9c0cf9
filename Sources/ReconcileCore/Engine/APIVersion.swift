/// A Docker Engine API version such as `1.41`, compared numerically (1.9 < 1.41).
public struct APIVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The major number (1 for every engine so far).
    public let major: Int
    /// The minor number.
    public let minor: Int

    /// Builds a version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `MAJOR.MINOR`, both decimal.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let major = Int(parts[0]), let minor = Int(parts[1])
        else { return nil }
        self.init(major: major, minor: minor)
    }

    /// The oldest version we speak: 1.40 (Docker 19.03). Everything we read and write (endpoint
    /// IPAM config on connect, `NetworkSettings.Networks` in the list) is there since long before.
    public static let minimum = APIVersion(major: 1, minor: 40)
    /// The newest version we know. Engines newer than this are asked for this one: Docker 29.0 to
    /// 29.2 refuse anything below 1.44, so a fixed old path version would break on them, while
    /// Docker 20.10 speaks only up to 1.41.
    public static let maximum = APIVersion(major: 1, minor: 51)

    /// The version to use with a server whose maximum is `server`, or nil when it is too old.
    public static func negotiated(server: APIVersion) -> APIVersion? {
        server < minimum ? nil : Swift.min(server, maximum)
    }

    /// Numeric order.
    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// `1.41`.
    public var description: String { "\(major).\(minor)" }
}

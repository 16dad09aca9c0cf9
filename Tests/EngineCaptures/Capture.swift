import Foundation

/// The real engines' answers under `Captures/` (see its README.md), as the bytes they sent: a
/// test-support library, so that the wire decoding's tests and the run's scripted engine read the
/// same files.
public enum Capture {
    /// A capture the test bundle does not hold.
    public struct Missing: Error, CustomStringConvertible {
        /// The path asked for, relative to `Captures/`.
        public var path: String

        public var description: String { "no capture Captures/\(path) in the test bundle" }
    }

    /// The bytes of `path`, relative to `Captures/`: `Capture.bytes("docker-28.5/networks.json")`.
    public static func bytes(_ path: String) throws -> [UInt8] {
        guard let directory = Bundle.module.resourceURL else { throw Missing(path: path) }
        let url = directory.appendingPathComponent("Captures").appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: path) }
        return Array(data)
    }
}

import Foundation
import Glibc

/// Private scratch directories (mode 0700, from `mkdtemp`), for what the tool writes besides its
/// report: its lock and state files.
enum TemporaryDirectory {
    /// Creates a fresh directory under /tmp and returns its path.
    static func make() throws -> String {
        var template = Array("/tmp/v6r-test-run.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw TemporaryDirectoryError(description: "mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes a directory made by ``make()`` and everything in it.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A scratch directory could not be created.
struct TemporaryDirectoryError: Error, CustomStringConvertible {
    /// Why.
    let description: String
}

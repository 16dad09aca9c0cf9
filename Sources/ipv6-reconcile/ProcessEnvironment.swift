#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process environment, read from `environ` without Foundation (which the executable does
/// not link, to keep the static binary small and quick to start).
enum ProcessEnvironment {
    /// Every `NAME=value` entry; entries without `=` are skipped.
    static func entries() -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var cursor = environ
        while let pointer = cursor.pointee {
            let entry = String(cString: pointer)
            if let equals = entry.firstIndex(of: "=") {
                result.append((String(entry[..<equals]), String(entry[entry.index(after: equals)...])))
            }
            cursor += 1
        }
        return result
    }
}

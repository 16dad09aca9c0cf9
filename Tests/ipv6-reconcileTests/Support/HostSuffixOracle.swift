import Foundation

/// The addresses the tests expect, computed without the tool's code: an explicit suffix label is
/// parsed by `inet_pton` as `::<groups>`, and the default suffix comes from coreutils' `md5sum`, so
/// a bug shared by the tool's MD5 and its tests cannot cancel out.
enum HostSuffixOracle {
    /// The suffix an explicit label such as `ab:cd:56` stands for (the low-order groups).
    static func explicit(_ label: String) throws -> IPv6Value {
        guard let value = IPv6Value("::" + label) else {
            throw OracleError(description: "suffix label \(label) is not hex groups")
        }
        return value
    }

    /// The default suffix of a container name: the first three bytes of MD5(name) as the last
    /// three groups, one byte each (`mon_container` → `::3d:7a:30`). Only for names without dots:
    /// the tool hashes Swarm-style `a.b.c` names differently, and no test uses one.
    static func derived(fromContainerName name: String) async throws -> IPv6Value {
        guard !name.contains(".") else {
            throw OracleError(description: "the oracle does not model the Swarm-name rule; use a name without dots")
        }
        let output = try await ProcessRunner.run(
            "/usr/bin/md5sum", [], environment: ProcessRunner.environment(), input: Data(name.utf8),
            timeout: .seconds(10))
        let hex = output.stdout.prefix(6)
        guard output.status == 0, hex.count == 6, let value = UInt32(hex, radix: 16) else {
            throw OracleError(description: "md5sum did not give a digest:\n\(output)")
        }
        let groups = [value >> 16, (value >> 8) & 0xff, value & 0xff].map { String($0, radix: 16) }
        return try explicit(groups.joined(separator: ":"))
    }
}

/// The oracle could not compute an expectation.
struct OracleError: Error, CustomStringConvertible {
    /// Why.
    let description: String
}

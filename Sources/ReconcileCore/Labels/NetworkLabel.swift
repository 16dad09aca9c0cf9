/// The value of the network label: one network reference, or several separated by commas
/// (Docker network names cannot contain a comma, so the split is unambiguous).
public enum NetworkLabel {
    /// The references in the label, in order, without surrounding spaces, duplicates removed.
    /// Throws when the label or one of its entries is empty (`""`, `"a,,b"`, `"a,"`): that is a
    /// typo the operator should see, not something to guess around.
    public static func references(in value: String) throws(NetworkLabelError) -> [String] {
        // The common label is one plain name: no comma, no space to trim. Checked on the bytes,
        // since this runs for every container on every run.
        if !value.isEmpty && !value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
            return [value]
        }
        var references: [String] = []
        for entry in value.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = entry.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }
            let reference = String(trimmed.reversed())
            guard !reference.isEmpty else { throw NetworkLabelError(label: value) }
            if !references.contains(reference) { references.append(reference) }
        }
        return references
    }
}

/// A network label that is empty or has an empty entry.
public struct NetworkLabelError: Error, Hashable, Sendable {
    /// The label as written.
    public let label: String
}

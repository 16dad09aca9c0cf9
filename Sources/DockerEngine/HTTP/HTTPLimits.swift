/// Hard bounds on what a response may make us hold, so that a broken or hostile peer gets an
/// error instead of an unbounded allocation.
public struct HTTPLimits: Hashable, Sendable {
    /// The longest status, header, chunk-size or trailer line, in bytes.
    public var maximumLineBytes: Int
    /// The most header (or trailer) fields.
    public var maximumHeaderCount: Int
    /// The largest decoded body, in bytes.
    public var maximumBodyBytes: Int

    /// Builds limits.
    public init(maximumLineBytes: Int, maximumHeaderCount: Int, maximumBodyBytes: Int) {
        self.maximumLineBytes = maximumLineBytes
        self.maximumHeaderCount = maximumHeaderCount
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// 8 KiB lines and 100 headers are far above anything the engine sends; 256 MiB of body
    /// holds a container list of roughly 100,000 containers.
    public static let engine = HTTPLimits(maximumLineBytes: 8192, maximumHeaderCount: 100, maximumBodyBytes: 256 << 20)
}

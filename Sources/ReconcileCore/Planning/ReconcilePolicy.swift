/// The operator's choices that shape a plan.
public struct ReconcilePolicy: Hashable, Sendable {
    /// The label namespace, `ipv6.mapper` by default, as in the Python tool.
    public var labelPrefix: String
    /// When not empty, the only networks (by name or ID) a label may name: a container's own label
    /// must not be able to put it on a network the operator did not mean to expose.
    public var allowedNetworks: Set<String>

    /// The default label namespace.
    public static let defaultLabelPrefix = "ipv6.mapper"

    /// Builds a policy.
    public init(labelPrefix: String = ReconcilePolicy.defaultLabelPrefix, allowedNetworks: Set<String> = []) {
        self.labelPrefix = labelPrefix
        self.allowedNetworks = allowedNetworks
    }

    /// Every label of ours starts with this, e.g. `ipv6.mapper.`; the adapter keeps only these.
    public var labelNamespace: String { labelPrefix + "." }
    /// The label that names the networks, e.g. `ipv6.mapper.network`.
    public var networkLabel: String { labelNamespace + "network" }
    /// The label that gives an explicit suffix, e.g. `ipv6.mapper.suffix`.
    public var suffixLabel: String { labelNamespace + "suffix" }
}

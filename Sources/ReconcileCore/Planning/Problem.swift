/// Why one (container, network) pair cannot be brought in sync. Every case renders as a one-line
/// reason; untrusted text (labels, names) is quoted.
public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The network label is empty or lists an empty entry.
    case emptyNetworkLabel(label: String)
    /// The suffix label was refused.
    case badSuffix(SuffixError)
    /// No network has this ID, name or ID prefix.
    case networkNotFound(reference: String)
    /// The reference matches several networks.
    case networkAmbiguous(reference: String, candidates: [String])
    /// `--allow-network` was given and does not list this network.
    case networkNotAllowed(network: String)
    /// The network has no IPv6 subnet in `IPAM.Config`.
    case noIPv6Subnet(network: String)
    /// The network has more than one IPv6 subnet, so the prefix is not determined.
    case severalIPv6Subnets(network: String, subnets: [String])
    /// An IPAM entry that looks like IPv6 but does not parse.
    case unparsableSubnet(network: String, text: String)
    /// The suffix has more significant bits than the subnet has host bits.
    case suffixTooWide(suffix: HostSuffix, subnet: IPv6Subnet)
    /// The address would be the subnet's all-zeros address.
    case addressIsSubnetAddress(IPv6Address)
    /// The address would be the network's gateway.
    case addressIsGateway(IPv6Address)
    /// Another labelled container holds or wins the same address on this network.
    case conflict(address: IPv6Address, holder: String)
    /// A container without the label holds the address (revealed by the engine on connect).
    case addressHeldByUnlabelled(address: IPv6Address, holder: String?)
    /// The container went away between listing and connecting.
    case containerGone
    /// The engine refused a write.
    case engineRefused(operation: String, status: Int, message: String)
    /// The engine could not be reached for a write (the run stops writing after the first).
    case writeNotDone(operation: String, cause: String)
    /// Repairing drift failed: the engine refused the connect at the desired address after the
    /// disconnect, and the old endpoint was put back.
    case reconnectFailed(status: Int, message: String)

    /// A one-line reason.
    public var description: String {
        switch self {
        case .emptyNetworkLabel(let label):
            "network label \(quoted(label)) is empty or has an empty entry (write network names separated by commas)"
        case .badSuffix(let error): error.description
        case .networkNotFound(let reference): "no network has the ID, name or ID prefix \(quoted(reference))"
        case .networkAmbiguous(let reference, let candidates):
            "\(quoted(reference)) matches several networks (\(candidates.joined(separator: ", "))); use the full ID"
        case .networkNotAllowed(let network):
            "network \(quoted(network)) is not in --allow-network"
        case .noIPv6Subnet(let network):
            "network \(quoted(network)) has no IPv6 subnet (create it with --ipv6 --subnet <prefix>/<length>)"
        case .severalIPv6Subnets(let network, let subnets):
            "network \(quoted(network)) has several IPv6 subnets (\(subnets.joined(separator: ", "))), so the prefix is ambiguous"
        case .unparsableSubnet(let network, let text):
            "network \(quoted(network)) has an IPAM subnet \(quoted(text)) that is not a valid IPv6 subnet"
        case .suffixTooWide(let suffix, let subnet):
            "suffix \(suffix) is wider than the \(subnet.hostBits) host bits of \(subnet)"
        case .addressIsSubnetAddress(let address): "address \(address) is the subnet's own all-zeros address"
        case .addressIsGateway(let address): "address \(address) is the network's gateway"
        case .conflict(let address, let holder): "address \(address) conflicts with container \(quoted(holder)), which keeps it"
        case .addressHeldByUnlabelled(let address, let holder):
            "address \(address) is already in use by \(holder.map { "container \(quoted($0))" } ?? "an endpoint the engine did not name") (not labelled)"
        case .containerGone: "container went away before it could be connected"
        case .engineRefused(let operation, let status, let message):
            "engine refused \(operation): \(status) \(quoted(message))"
        case .writeNotDone(let operation, let cause): "\(operation) not done: \(cause)"
        case .reconnectFailed(let status, let message):
            "the engine refused the reconnect at the desired address: \(status) \(quoted(message)); the old endpoint was put back (an error is logged if that failed too)"
        }
    }
}

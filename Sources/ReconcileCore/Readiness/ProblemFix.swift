/// The fix `--check` prints for a pair's problem: the label to change, the network to create, or
/// the command to run.
enum ProblemFix {
    /// The fix for `problem`; `entry` names the container and network where the fix needs them.
    /// `routed` adds `-o com.docker.network.bridge.gateway_mode_ipv6=routed` to the network
    /// commands, for an engine whose firewall would otherwise masquerade the new network.
    static func fix(for problem: Problem, policy: ReconcilePolicy, entry: PlanEntry? = nil, routed: Bool = false) -> String {
        let mode = routed ? " -o com.docker.network.bridge.gateway_mode_ipv6=routed" : ""
        let container = entry.map { quotedIfNeeded($0.containerName) } ?? "CONTAINER"
        let network = entry.map { quotedIfNeeded($0.network) } ?? "NETWORK"
        switch problem {
        case .emptyNetworkLabel:
            return "write the network names in the \(policy.networkLabel) label, separated by commas"
        case .badSuffix:
            return "write the \(policy.suffixLabel) label as hex groups such as ab:cd:56, or remove it to use the name's MD5"
        case .networkNotFound(let reference):
            return "create it (docker network create --ipv6 --subnet PREFIX/LENGTH\(mode) \(quotedIfNeeded(reference))), or correct the \(policy.networkLabel) label"
        case .networkAmbiguous:
            return "name the network by its full ID in the \(policy.networkLabel) label"
        case .networkNotAllowed(let name):
            return "add --allow-network \(quotedIfNeeded(name)) to the service's command line, or correct the \(policy.networkLabel) label"
        case .noIPv6Subnet(let name), .severalIPv6Subnets(let name, _), .unparsableSubnet(let name, _):
            return "recreate the network with one IPv6 subnet: docker network rm \(quotedIfNeeded(name)) && docker network create --ipv6 --subnet PREFIX/LENGTH\(mode) \(quotedIfNeeded(name))"
        case .suffixTooWide:
            return "give \(container) a shorter \(policy.suffixLabel) label, or use a network with a shorter prefix"
        case .addressIsSubnetAddress, .addressIsGateway:
            return "give \(container) another \(policy.suffixLabel) label"
        case .conflict(_, let holder):
            return "give \(container) or \(quotedIfNeeded(holder)) another \(policy.suffixLabel) label"
        case .addressHeldByUnlabelled(_, let holder):
            return "docker network disconnect \(network) \(holder.map(quotedIfNeeded) ?? "HOLDER"), or give \(container) another \(policy.suffixLabel) label"
        case .containerGone:
            return "none needed if it was removed; otherwise run ipv6-reconcile again"
        case .engineRefused, .writeNotDone, .reconnectFailed:
            return "run ipv6-reconcile --info and read the engine's answer"
        }
    }
}

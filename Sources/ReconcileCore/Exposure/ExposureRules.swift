/// The exposure verdict of each pair that is connected, or would be: from what the engine says of
/// its firewall, the network's options and the container's published ports. Every rule here was
/// checked with real connections from an upstream namespace, on Docker 20.10 with its firewall off
/// and Docker 28.5 with it on (Tests/ipv6-reconcileTests/ReachabilityTests.swift).
public struct ExposureRules: Sendable {
    /// The engine.
    public let engine: EngineFacts
    private let networks: [String: ObservedNetwork]
    private let containers: [String: ObservedContainer]
    /// Per container, the networks it is on now.
    private let attachedNow: [String: [IPv6GatewayChoice.Attachment]]
    /// Per container, the networks it is on once the plan's connects are made.
    private let attachedAfterRun: [String: [IPv6GatewayChoice.Attachment]]
    /// Per container, the networks its network label names (resolved), which the tool keeps it on.
    private let labelledNetworks: [String: Set<String>]
    /// Configured port bindings (`HostConfig.PortBindings`) of the containers that
    /// ``containersNeedingPortBindings(in:)`` named, by container ID.
    private let portBindings: [String: [PublishedPort]]

    /// Prepares the rules for one run's observation and plan. `portBindings` holds the configured
    /// bindings of the containers ``containersNeedingPortBindings(in:)`` asks for.
    public init(observation: Observation, plan: Plan, engine: EngineFacts, portBindings: [String: [PublishedPort]] = [:]) {
        self.engine = engine
        self.portBindings = portBindings
        let networks = Dictionary(observation.networks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.networks = networks
        self.containers = Dictionary(observation.containers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var attached: [String: [IPv6GatewayChoice.Attachment]] = [:]
        for container in observation.containers {
            attached[container.id] = container.endpoints.compactMap { endpoint in
                networks[endpoint.networkID].map { IPv6GatewayChoice.Attachment(network: $0, priority: endpoint.gatewayPriority) }
            }
        }
        self.attachedNow = attached
        var labelled: [String: Set<String>] = [:]
        for entry in plan.entries {
            if let id = entry.networkID { labelled[entry.containerID, default: []].insert(id) }
            if entry.action == .connect, let id = entry.networkID, let network = networks[id] {
                attached[entry.containerID, default: []].append(IPv6GatewayChoice.Attachment(network: network, priority: 0))
            }
        }
        self.attachedAfterRun = attached
        self.labelledNetworks = labelled
    }

    /// The containers whose configured port bindings decide a verdict: the container list shows
    /// the bindings as they are now, and Docker binds a port on IPv6 only once the container has an
    /// IPv6 gateway (seen on 28.5: `-p 8082:80` lists `0.0.0.0` alone before the connect, `0.0.0.0`
    /// and `::` after; `-p [::]:8088:80` lists nothing before). So for a container on a routed
    /// network that has no IPv6 gateway yet, and lists no IPv6 port, only `HostConfig.PortBindings`
    /// can tell `-p 80:80` from `-p 0.0.0.0:80:80` or from nothing published. Empty unless the
    /// engine's firewall is on.
    public func containersNeedingPortBindings(in plan: Plan) -> [String] {
        guard case .on = engine.ipv6Firewall else { return [] }
        var result: [String] = []
        for entry in plan.entries {
            if case .problem = entry.action { continue }
            guard let networkID = entry.networkID, let network = networks[networkID], !network.isInternal,
                network.driver == "bridge", network.ipv6GatewayMode == "routed", let container = containers[entry.containerID],
                !container.publishedPorts.contains(where: \.isIPv6), !result.contains(container.id),
                IPv6GatewayChoice.gateway(among: attachedNow[container.id] ?? []) == nil
            else { continue }
            result.append(container.id)
        }
        return result
    }

    /// The verdicts of every pair that has (or will have) an address, by pair.
    public func verdicts(for plan: Plan) -> [PlanEntryKey: ExposureVerdict] {
        var result: [PlanEntryKey: ExposureVerdict] = [:]
        for entry in plan.entries {
            if let verdict = verdict(for: entry) { result[PlanEntryKey(entry)] = verdict }
        }
        return result
    }

    /// The verdict of one pair; nil for a problem (no address to reach).
    public func verdict(for entry: PlanEntry) -> ExposureVerdict? {
        if case .problem = entry.action { return nil }
        guard let networkID = entry.networkID, let network = networks[networkID],
            let container = containers[entry.containerID]
        else { return nil }
        let name = quoted(network.name)
        if network.isInternal {
            return internalVerdict(container: container, network: network)
        }
        guard network.driver == "bridge" else {
            // macvlan, ipvlan and third-party drivers put containers on the host's own links: the
            // engine's bridge rules below are not theirs.
            return .unknown(
                reason: "network \(name) uses the \(quoted(network.driver)) driver, whose reachability the engine's bridge rules do not decide")
        }
        let firewall: String
        switch engine.ipv6Firewall {
        case .off(let why): return .reachableOnAllPorts(reason: "\(why): the host's own firewall decides")
        case .unknown(let why): return .unknown(reason: why)
        case .on(let why): firewall = why
        }
        switch network.ipv6GatewayMode ?? "nat" {
        case "nat":
            return .notReachable(
                reason: "network \(name) masquerades IPv6 (com.docker.network.bridge.gateway_mode_ipv6 is \(network.ipv6GatewayMode ?? "unset, which means nat")) and \(firewall), which drops inbound connections to its containers' addresses",
                fix: Self.routedRecreateFix(network))
        case "nat-unprotected":
            return .reachableOnAllPorts(
                reason: "network \(name) is nat-unprotected: \(firewall) but lets inbound connections through to every port; the host's own firewall decides")
        case "routed":
            return routedVerdict(container: container, network: network, firewall: firewall)
        case "isolated":
            return .notReachable(
                reason: "network \(name) is isolated: it has no IPv6 gateway", fix: "use a network created without gateway_mode_ipv6=isolated")
        case let other:
            return .unknown(reason: "network \(name) has gateway_mode_ipv6 \(quoted(other)), which this tool does not know")
        }
    }

    /// An internal network gives no route out, so a reply can only leave through another of the
    /// container's networks, its IPv6 gateway; and an engine firewall isolates internal networks
    /// (Docker 28.5's DOCKER-ISOLATION rules). On an engine that filters nothing, a container on an
    /// internal network and on a routed one answers on both addresses.
    private func internalVerdict(container: ObservedContainer, network: ObservedNetwork) -> ExposureVerdict {
        let name = quoted(network.name)
        let gateway = IPv6GatewayChoice.gateway(among: attachedAfterRun[container.id] ?? [])
        guard let gateway, gateway.id != network.id else {
            return .notReachable(
                reason: "network \(name) is internal: it has no gateway, and the container has no other IPv6 route for replies",
                fix: "use a network created without --internal")
        }
        switch engine.ipv6Firewall {
        case .on(let why):
            return .notReachable(
                reason: "network \(name) is internal, and \(why), which isolates internal networks",
                fix: "use a network created without --internal")
        case .unknown(let why):
            return .unknown(reason: "network \(name) is internal; replies could leave through \(quoted(gateway.name)), but \(why)")
        case .off(let why):
            return .reachableOnAllPorts(
                reason: "network \(name) is internal, but \(why), and replies leave through \(quoted(gateway.name)), the container's IPv6 gateway: the host's own firewall decides")
        }
    }

    /// Docker 28 opens, on a routed network, the container ports published on an IPv6 host
    /// address, and only on the network that is the container's IPv6 gateway.
    private func routedVerdict(container: ObservedContainer, network: ObservedNetwork, firewall: String) -> ExposureVerdict {
        let name = quoted(network.name)
        var ports: [String] = []
        let published = portBindings[container.id] ?? container.publishedPorts
        for port in published where port.isIPv6 && !ports.contains(port.description) {
            ports.append(port.description)
        }
        guard !ports.isEmpty else {
            let v4only = published.map(\.description)
            let note = v4only.isEmpty ? "" : " (\(v4only.joined(separator: ", ")) only on IPv4 host addresses)"
            return .notReachable(
                reason: "network \(name) is routed, but the container publishes no port on IPv6\(note), and \(firewall), which drops inbound connections to unpublished ports",
                fix: "publish the ports it serves: recreate the container with \(Self.publishHint)")
        }
        if let gateway = IPv6GatewayChoice.gateway(among: attachedAfterRun[container.id] ?? []), gateway.id != network.id {
            // This tool connects every network the label names, so a fix that disconnects one of
            // those would be undone by the next run: the label must change instead.
            let fix = (labelledNetworks[container.id] ?? []).contains(gateway.id)
                ? "name only one of \(name) and \(quoted(gateway.name)) in the container's network label: Docker 28 opens published ports on one network, its IPv6 gateway"
                : "take the container off that network (docker network disconnect \(quotedIfNeeded(gateway.name)) \(quotedIfNeeded(container.name)), or leave it out of the container's compose networks)"
            return .notReachable(
                reason: "its published ports are opened on network \(quoted(gateway.name)), the container's IPv6 gateway, not on \(name)",
                fix: fix)
        }
        return .reachableOnPorts(ports, reason: "network \(name) is routed and \(firewall), which opens only the published ports")
    }

    /// How to publish a port so that a routed address answers on it: the container port is what
    /// opens; the host port only has to be free (`-p 80:80` cannot be given to two containers).
    static let publishHint = "docker run -p PORT (any free host port) or -p HOSTPORT:PORT, not -p 0.0.0.0:HOSTPORT:PORT"

    /// How to make a masquerading network routed (also `--check`'s `network.gateway-mode` fix):
    /// one command that disconnects every container the engine lists on it, removes it and
    /// creates it again routed with its own subnet, then what it does not cover.
    static func routedRecreateFix(_ network: ObservedNetwork) -> String {
        let name = quotedIfNeeded(network.name)
        return "docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' \(name) | xargs -rn1 docker network disconnect \(name) && \(routedCreateCommand(network)) (add any other options the network was created with; this tool then reconnects the labelled containers at the same addresses, and on Docker 28 only their published ports answer: \(publishHint))"
    }

    /// `docker network create --ipv6 --subnet S -o ...=routed NAME`, with the network's own subnet.
    static func routedCreateCommand(_ network: ObservedNetwork) -> String {
        // The parsed subnet, printed canonically: the raw IPAM text is the engine's, not ours to echo.
        let subnet = network.ipamPools.lazy.compactMap { IPv6Subnet(parsing: $0.subnet) }.first.map(String.init(describing:)) ?? "PREFIX/LENGTH"
        let name = quotedIfNeeded(network.name)
        return "docker network rm \(name) && docker network create --ipv6 --subnet \(subnet) -o com.docker.network.bridge.gateway_mode_ipv6=routed \(name)"
    }
}

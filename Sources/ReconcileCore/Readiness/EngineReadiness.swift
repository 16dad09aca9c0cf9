/// The engine, network and container checks of `--check`, from the same observation, plan and
/// exposure verdicts as a dry run, so one command shows everything.
public struct EngineReadiness: Sendable {
    /// What the engine said about itself.
    public let engine: EngineFacts
    /// Where it was reached, e.g. `unix:///var/run/docker.sock`.
    public let address: String
    /// The run's observation.
    public let observation: Observation
    /// The plan, after the holder check.
    public let plan: Plan
    /// The exposure verdicts, by pair.
    public let exposures: [PlanEntryKey: ExposureVerdict]
    /// The label names.
    public let policy: ReconcilePolicy

    /// Wraps a dry run's results.
    public init(
        engine: EngineFacts, address: String, observation: Observation, plan: Plan,
        exposures: [PlanEntryKey: ExposureVerdict], policy: ReconcilePolicy
    ) {
        self.engine = engine
        self.address = address
        self.observation = observation
        self.plan = plan
        self.exposures = exposures
        self.policy = policy
    }

    /// The networks that labels name and that resolved, by name.
    public var labelledNetworks: [ObservedNetwork] {
        PrefixDelivery.LabelledSubnet.labelledNetworks(plan: plan, observation: observation)
    }

    /// Each labelled network's IPv6 subnet and the addresses this tool assigns there (see
    /// ``PrefixDelivery/LabelledSubnet/all(plan:observation:)``).
    public var labelledSubnets: [PrefixDelivery.LabelledSubnet] {
        PrefixDelivery.LabelledSubnet.all(plan: plan, observation: observation)
    }

    /// Every check: the engine, then each labelled network, then each labelled container.
    public func checks() -> [ReadinessCheck] {
        var result = engineChecks()
        for reference in unresolvedReferences.sorted(by: { $0.name < $1.name }) {
            result.append(ReadinessCheck(
                id: "network.exists", status: .fail, subject: CheckSubject(.network, reference.name),
                message: reference.problem.description,
                fix: ProblemFix.fix(for: reference.problem, policy: policy, routed: firewallIsOn)))
        }
        for network in labelledNetworks { result += networkChecks(network) }
        for entry in plan.entries { result += containerChecks(entry) }
        return result
    }

    /// Whether the engine's IPv6 firewall is known to be on: new networks then need `routed`.
    var firewallIsOn: Bool {
        if case .on = engine.ipv6Firewall { return true }
        return false
    }

    /// `engine.api` and `engine.firewall`.
    func engineChecks() -> [ReadinessCheck] {
        var result = [
            ReadinessCheck(
                id: "engine.api", status: .ok, subject: .engine,
                message: "\(engine.product) at \(address), API \(engine.apiVersion)")
        ]
        switch engine.ipv6Firewall {
        case .on(let why):
            result.append(ReadinessCheck(
                id: "engine.firewall", status: .ok, subject: .engine,
                message: "IPv6 firewall on: \(why); a network answers from outside only if it is routed (published ports) or nat-unprotected"))
        case .off(let why):
            result.append(ReadinessCheck(id: "engine.firewall", status: .ok, subject: .engine, message: "IPv6 firewall off: \(why)"))
        case .unknown(let why):
            result.append(ReadinessCheck(
                id: "engine.firewall", status: .info, subject: .engine, message: "IPv6 firewall unknown: \(why)",
                fix: "look at the engine's configuration (dockerd --ip6tables, /etc/docker/daemon.json \"ip6tables\"); with it on, create the networks with -o com.docker.network.bridge.gateway_mode_ipv6=routed"))
        }
        return result
    }

    /// Network references in labels that name no single network, each once.
    var unresolvedReferences: [(name: String, problem: Problem)] {
        var seen: Set<String> = []
        var result: [(name: String, problem: Problem)] = []
        for entry in plan.entries where entry.networkID == nil {
            guard case .problem(let problem) = entry.action else { continue }
            switch problem {
            case .networkNotFound, .networkAmbiguous, .networkNotAllowed:
                if seen.insert(entry.network).inserted { result.append((entry.network, problem)) }
            default: continue
            }
        }
        return result
    }

    /// `network.ipv6`, `network.gateway-mode`, `network.internal`, `network.subnet-size`.
    func networkChecks(_ network: ObservedNetwork) -> [ReadinessCheck] {
        let subject = CheckSubject(.network, network.name)
        var result: [ReadinessCheck] = []
        let prefix: NetworkPrefix?
        switch NetworkPrefix.of(network) {
        case .success(let found):
            prefix = found
            result.append(ReadinessCheck(
                id: "network.ipv6", status: .ok, subject: subject,
                message: "IPv6 subnet \(found.subnet), gateway \(found.gateway)"))
        case .failure(let problem):
            prefix = nil
            // Created without a gateway mode, it would masquerade under this firewall.
            let fix = ProblemFix.fix(for: problem, policy: policy, routed: firewallIsOn)
            result.append(ReadinessCheck(id: "network.ipv6", status: .fail, subject: subject, message: problem.description, fix: fix))
        }
        // A network without IPv6 has no IPv6 gateway mode to judge.
        if prefix != nil { result.append(gatewayModeCheck(network, subject: subject)) }
        if network.isInternal {
            result.append(ReadinessCheck(
                id: "network.internal", status: .warn, subject: subject,
                message: "the network is internal: it has no gateway, so its addresses answer from outside only through another network of the same container",
                fix: "recreate the network without --internal"))
        } else {
            result.append(ReadinessCheck(id: "network.internal", status: .ok, subject: subject, message: "not internal"))
        }
        if let prefix, let check = subnetSizeCheck(network, prefix: prefix, subject: subject) { result.append(check) }
        return result
    }

    /// `network.gateway-mode`: whether the engine masquerades the network's IPv6 and drops
    /// inbound connections to it.
    func gatewayModeCheck(_ network: ObservedNetwork, subject: CheckSubject) -> ReadinessCheck {
        let mode = network.ipv6GatewayMode ?? "nat"
        let shown = network.ipv6GatewayMode.map { "gateway_mode_ipv6 \($0)" } ?? "gateway_mode_ipv6 unset (nat)"
        guard network.driver == "bridge" else {
            return ReadinessCheck(
                id: "network.gateway-mode", status: .info, subject: subject,
                message: "the \(quoted(network.driver)) driver puts containers on the host's own links; the engine's bridge gateway modes do not apply",
                fix: "check that the link's router reaches the containers' addresses (for macvlan, from another host, not from this one)")
        }
        switch engine.ipv6Firewall {
        case .off(let why):
            return ReadinessCheck(id: "network.gateway-mode", status: .ok, subject: subject, message: "\(shown); nothing masquerades or drops: \(why)")
        case .unknown(let why):
            return ReadinessCheck(
                id: "network.gateway-mode", status: mode == "routed" || mode == "nat-unprotected" ? .ok : .info, subject: subject,
                message: "\(shown); \(why)",
                fix: mode == "routed" || mode == "nat-unprotected" ? nil : "if the engine's IPv6 firewall is on, \(ExposureRules.routedRecreateFix(network))")
        case .on:
            switch mode {
            case "routed":
                return ReadinessCheck(
                    id: "network.gateway-mode", status: .ok, subject: subject,
                    message: "\(shown): containers' addresses answer on their published ports")
            case "nat-unprotected":
                return ReadinessCheck(
                    id: "network.gateway-mode", status: .ok, subject: subject,
                    message: "\(shown): containers' addresses answer on every port")
            case "nat":
                return ReadinessCheck(
                    id: "network.gateway-mode", status: .fail, subject: subject,
                    message: "\(shown): the engine masquerades the network's IPv6 and its firewall drops inbound connections to the containers' addresses",
                    fix: ExposureRules.routedRecreateFix(network))
            case "isolated":
                return ReadinessCheck(
                    id: "network.gateway-mode", status: .fail, subject: subject,
                    message: "\(shown): the network has no IPv6 gateway", fix: "recreate the network without gateway_mode_ipv6=isolated")
            default:
                return ReadinessCheck(
                    id: "network.gateway-mode", status: .info, subject: subject,
                    message: "gateway_mode_ipv6 \(quoted(mode)) is not one this tool knows",
                    fix: "use routed (-o com.docker.network.bridge.gateway_mode_ipv6=routed)")
            }
        }
    }

    /// `network.subnet-size`: an engine that keeps only the low 64 bits of a static address on a
    /// subnet shorter than /64 (Docker before 28.0) gives another address without an error, and
    /// refuses one that shortens to a taken one with 403 "Address already in use".
    func subnetSizeCheck(_ network: ObservedNetwork, prefix: NetworkPrefix, subject: CheckSubject) -> ReadinessCheck? {
        guard prefix.subnet.prefixLength < 64, engine.keepsOnlyLow64Bits else { return nil }
        let middle = IPv6Address(high: ~IPv6Address.mask(prefixLength: prefix.subnet.prefixLength).high, low: 0)
        let affected = plan.entries.filter { entry in
            guard entry.networkID == network.id, let desired = entry.desired else { return false }
            return (desired & middle) != .zero
        }
        let rule = "\(engine.product) (before 28) keeps only the low 64 bits of a static address on a subnet shorter than /64"
        guard let first = affected.first, let desired = first.desired else {
            return ReadinessCheck(
                id: "network.subnet-size", status: .ok, subject: subject,
                message: "\(prefix.subnet) is shorter than /64, which \(rule), but every address this tool assigns there fits in those 64 bits")
        }
        let shortened = (desired & IPv6Address.mask(prefixLength: prefix.subnet.prefixLength)) | IPv6Address(high: 0, low: desired.low)
        return ReadinessCheck(
            id: "network.subnet-size", status: .fail, subject: subject,
            message: "\(rule): \(affected.count) address\(affected.count == 1 ? "" : "es") this tool assigns there set bits above them, and the engine gives another address without an error (\(quoted(first.containerName)): \(desired) comes up as \(shortened)) or refuses it as in use",
            fix: "recreate the network with a /64 subnet (docker network create --ipv6 --subnet \(IPv6Subnet(address: desired, prefixLength: 64)) ...), or give those containers a \(policy.suffixLabel) label that fits in the last four groups, or use Docker 28 or later")
    }

    /// `container.action` and, for a pair with an address, `container.exposure`.
    func containerChecks(_ entry: PlanEntry) -> [ReadinessCheck] {
        let subject = CheckSubject(.container, entry.containerName)
        let on = "on \(quoted(entry.network))"
        var result: [ReadinessCheck] = []
        switch entry.action {
        case .inSync:
            result.append(ReadinessCheck(
                id: "container.action", status: .ok, subject: subject,
                message: "\(on): in sync at \(entry.desired.map(String.init(describing:)) ?? "?")"))
        case .connect:
            result.append(ReadinessCheck(
                id: "container.action", status: .info, subject: subject,
                message: "\(on): not connected yet; a run connects it at \(entry.desired.map(String.init(describing:)) ?? "?")",
                fix: "ipv6-reconcile (the timer's next run does it)"))
        case .drift:
            let current = entry.current.map { "at \($0)" } ?? "without an IPv6 address"
            result.append(ReadinessCheck(
                id: "container.action", status: .warn, subject: subject,
                message: "\(on): drift: connected \(current), not at \(entry.desired.map(String.init(describing:)) ?? "?")",
                fix: "ipv6-reconcile --fix-drift (reconnects it at the desired address)"))
        case .problem(let problem):
            result.append(ReadinessCheck(
                id: "container.action", status: .fail, subject: subject, message: "\(on): \(problem)",
                fix: ProblemFix.fix(for: problem, policy: policy, entry: entry)))
        }
        if let verdict = exposures[PlanEntryKey(entry)] {
            let address = entry.desired.map { " at \($0)" } ?? ""
            switch verdict {
            case .reachableOnAllPorts(let reason):
                result.append(ReadinessCheck(
                    id: "container.exposure", status: .ok, subject: subject, message: "\(on)\(address): reachable on all ports (\(reason))"))
            case .reachableOnPorts(let ports, let reason):
                result.append(ReadinessCheck(
                    id: "container.exposure", status: .ok, subject: subject,
                    message: "\(on)\(address): reachable on \(ports.joined(separator: ", ")) only (\(reason))"))
            case .notReachable(let reason, let fix):
                // The network's own fix is printed once, under the network, not again per container.
                let network = entry.networkID.flatMap { id in observation.networks.first { $0.id == id } }
                let shared = network.map { fix == ExposureRules.routedRecreateFix($0) } ?? false
                result.append(ReadinessCheck(
                    id: "container.exposure", status: .fail, subject: subject, message: "\(on)\(address): not reachable: \(reason)",
                    fix: shared ? "the network.gateway-mode fix of network \(quoted(entry.network))" : fix))
            case .unknown(let reason):
                result.append(ReadinessCheck(
                    id: "container.exposure", status: .info, subject: subject, message: "\(on)\(address): reachability unknown: \(reason)",
                    fix: "test it from outside the host: nc -zv \(entry.desired.map(String.init(describing:)) ?? "ADDRESS") PORT"))
            }
        }
        return result
    }
}

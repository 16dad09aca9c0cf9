/// The diff between what the labels ask for and what the engine has: the only place that decides
/// what is in sync. A pure value, so the dry-run report and the apply run render the same thing.
public struct Plan: Hashable, Sendable {
    /// Every (container, network) pair, sorted by container name, then network.
    public var entries: [PlanEntry]

    /// Wraps entries as they are.
    public init(entries: [PlanEntry]) {
        self.entries = entries
    }

    /// Computes the plan for an observation under a policy.
    public init(observation: Observation, policy: ReconcilePolicy) {
        let resolver = NetworkResolver(networks: observation.networks)
        var entries: [PlanEntry] = []
        // Sorting by name first makes "the one whose name sorts first wins" fall out of the order.
        for container in observation.containers.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            entries += Plan.entries(for: container, resolver: resolver, policy: policy)
        }
        self.entries = Plan.resolvingConflicts(entries, observation: observation)
    }

    /// The writes an apply run makes: connects, and reconnects of drifted pairs when
    /// `fixDrift` is set. Nothing else is ever written.
    public func writes(fixDrift: Bool) -> [PlannedWrite] {
        entries.compactMap { entry in
            switch entry.action {
            case .connect: PlannedWrite(entry: entry, kind: .connect)
            case .drift where fixDrift: PlannedWrite(entry: entry, kind: .reconnect)
            default: nil
            }
        }
    }

    /// The networks whose attachments ``checkingHolders(_:)`` needs: those the plan connects on.
    public var networksToInspectBeforeConnecting: [String] {
        var seen: Set<String> = []
        return entries.compactMap { entry in
            guard entry.action == .connect, let id = entry.networkID, seen.insert(id).inserted else { return nil }
            return id
        }
    }

    /// The plan with each connect checked against who really holds which address on its network
    /// (`attachments`, by network ID, from the network's inspect): an address another container
    /// holds is a problem naming the holder, before any write, instead of a connect the engine is
    /// known to refuse (an engine may keep a half-made endpoint after such a refusal, and every list
    /// fails from then on); an endpoint the container already has at the desired address, which
    /// the container list did not show, is in sync. Containers that hold an address without the
    /// label are not in the observation, so only the inspect can tell.
    public func checkingHolders(_ attachments: [String: [NetworkAttachment]], observation: Observation) -> Plan {
        let labelled = Set(observation.containers.map(\.id))
        var result = self
        for index in result.entries.indices {
            let entry = result.entries[index]
            guard entry.action == .connect, let networkID = entry.networkID, let desired = entry.desired,
                let onNetwork = attachments[networkID]
            else { continue }
            let holders = AddressHolders(onNetwork)
            let own = holders.own(container: entry.containerID, named: entry.containerName)
            if own.contains(where: { $0.containerID == entry.containerID && $0.address == desired }) {
                result.entries[index].action = .inSync
                result.entries[index].connected = true
                result.entries[index].current = desired
            } else if own.contains(where: { $0.address == desired }) {
                // The container's own endpoint, half made (listed as `ep-...`): the connect goes
                // ahead, and the engine's answer says whether it is there.
                continue
            } else if let holder = holders.otherHolder(of: desired, forContainer: entry.containerID, named: entry.containerName) {
                result.entries[index].action = .problem(
                    labelled.contains(holder.containerID)
                        ? .conflict(address: desired, holder: holder.containerName)
                        : .addressHeldByUnlabelled(address: desired, holder: holder.containerName))
            }
        }
        return result
    }

    /// The pairs of one container: one per network its label names.
    private static func entries(
        for container: ObservedContainer, resolver: NetworkResolver, policy: ReconcilePolicy
    ) -> [PlanEntry] {
        func problem(_ network: String, _ problem: Problem, _ networkID: String? = nil) -> PlanEntry {
            // Once the network is resolved, say whether the container is on it and at which
            // address, as `connected` and `current` document: a problem does not make an existing
            // endpoint disappear from the report.
            let endpoint = networkID.flatMap { id in container.endpoints.first { $0.networkID == id } }
            return PlanEntry(
                containerID: container.id, containerName: container.name, network: network,
                networkID: networkID, desired: nil, current: endpoint.flatMap { IPv6Address(parsing: $0.ipv6Address) },
                connected: endpoint != nil, action: .problem(problem))
        }
        let label = container.labels[policy.networkLabel] ?? ""
        let references: [String]
        do {
            references = try NetworkLabel.references(in: label)
        } catch {
            return [problem(label, .emptyNetworkLabel(label: label))]
        }
        let suffix: HostSuffix
        if let explicit = container.labels[policy.suffixLabel] {
            do {
                suffix = try HostSuffix(parsing: explicit)
            } catch {
                // Sorted like every other container's entries ("sorted by container name, then
                // network"), not in the label's order. Networks are still resolved, so the report
                // names each by name and ID.
                return references.map { reference in
                    switch resolver.resolve(reference) {
                    case .success(let network): problem(network.name, .badSuffix(error), network.id)
                    case .failure: problem(reference, .badSuffix(error))
                    }
                }.sorted { $0.network < $1.network }
            }
        } else {
            suffix = .derived(fromContainerName: container.name)
        }

        var seenNetworks: Set<String> = []
        var result: [PlanEntry] = []
        for reference in references {
            let network: ObservedNetwork
            switch resolver.resolve(reference) {
            case .failure(let reason): result.append(problem(reference, reason)); continue
            case .success(let found): network = found
            }
            // "web" and its ID in one label are one pair, not two.
            guard seenNetworks.insert(network.id).inserted else { continue }
            if !policy.allowedNetworks.isEmpty,
                !policy.allowedNetworks.contains(network.name), !policy.allowedNetworks.contains(network.id)
            {
                result.append(problem(network.name, .networkNotAllowed(network: network.name), network.id))
                continue
            }
            let desired: IPv6Address
            switch resolver.prefix(of: network).flatMap({ $0.address(for: suffix) }) {
            case .failure(let reason): result.append(problem(network.name, reason, network.id)); continue
            case .success(let address): desired = address
            }
            let endpoint = container.endpoints.first { $0.networkID == network.id }
            let current = endpoint.flatMap { IPv6Address(parsing: $0.ipv6Address) }
            let action: PlannedAction = endpoint == nil ? .connect : (current == desired ? .inSync : .drift)
            var entry = PlanEntry(
                containerID: container.id, containerName: container.name, network: network.name,
                networkID: network.id, desired: desired, current: current, connected: endpoint != nil,
                action: action)
            entry.gatewayPriority = endpoint?.gatewayPriority ?? 0
            result.append(entry)
        }
        return result.sorted { $0.network < $1.network }
    }

    /// Two containers that want one address on one network: the one already holding it keeps it;
    /// otherwise the one whose name sorts first (entries arrive sorted) gets it. The others become
    /// conflicts naming the winner and are not written.
    private static func resolvingConflicts(_ entries: [PlanEntry], observation: Observation) -> [PlanEntry] {
        struct Slot: Hashable { let networkID: String; let address: IPv6Address }
        // Only endpoints on networks some entry wants an address on can hold one; parsing the
        // others' addresses would be work for nothing on every run.
        let wanted = Set(entries.compactMap { $0.desired == nil ? nil : $0.networkID })
        var holders: [Slot: String] = [:]
        for container in observation.containers {
            for endpoint in container.endpoints where wanted.contains(endpoint.networkID) {
                if let address = IPv6Address(parsing: endpoint.ipv6Address) {
                    holders[Slot(networkID: endpoint.networkID, address: address)] = container.name
                }
            }
        }
        var winners: [Slot: String] = [:]
        var result = entries
        for index in result.indices {
            let entry = result[index]
            guard let networkID = entry.networkID, let desired = entry.desired else { continue }
            let slot = Slot(networkID: networkID, address: desired)
            if let holder = holders[slot], holder != entry.containerName {
                result[index].action = .problem(.conflict(address: desired, holder: holder))
            } else if let winner = winners[slot] {
                result[index].action = .problem(.conflict(address: desired, holder: winner))
            } else {
                winners[slot] = entry.containerName
            }
        }
        return result
    }
}

/// A write an apply run makes for one plan entry.
public struct PlannedWrite: Hashable, Sendable {
    /// The pair to write.
    public var entry: PlanEntry
    /// What to do.
    public var kind: Kind

    /// The kinds of write.
    public enum Kind: Hashable, Sendable {
        /// Connect at the desired address.
        case connect
        /// Disconnect from the network, then connect at the desired address (`--fix-drift`).
        case reconnect
    }

    /// Builds a write.
    public init(entry: PlanEntry, kind: Kind) {
        self.entry = entry
        self.kind = kind
    }
}

/// What `--ndp-proxy` keeps: one proxy neighbour entry on the uplink for every address this tool
/// assigns inside a prefix that is on-link there, so that the host answers the router's
/// neighbour solicitations for it. The diff against the host's proxy table: the entries to add,
/// this tool's own entries to remove (container gone, label removed, address changed), and what
/// stops an address from being answered. Entries this tool did not make are never touched.
public struct ProxyNeighbourPlan: Hashable, Sendable {
    /// The `NDA_PROTOCOL` value this tool marks its entries with (`ip -6 neigh show proxy proto
    /// 212` lists exactly them). Not one of iproute2's named protocols.
    public static let origin: UInt8 = 212

    /// One proxy entry: an address answered for on an interface.
    public struct Entry: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// The address.
        public var address: IPv6Address
        /// The interface's index.
        public var interfaceIndex: Int
        /// The interface's name, for messages.
        public var interface: String
        /// The labelled network the address is on; empty for an entry being removed.
        public var network: String

        /// Builds an entry.
        public init(address: IPv6Address, interfaceIndex: Int, interface: String, network: String = "") {
            self.address = address
            self.interfaceIndex = interfaceIndex
            self.interface = interface
            self.network = network
        }

        /// `2001:db8::5 on eth0`.
        public var description: String { "\(address) on \(interface)" }

        /// By interface, then address.
        public static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.interface, lhs.address.high, lhs.address.low) < (rhs.interface, rhs.address.high, rhs.address.low)
        }
    }

    /// Why a labelled network's addresses are not (all) answered for, with the fix.
    public struct Obstacle: Hashable, Sendable {
        /// The network's name.
        public var network: String
        /// What is wrong.
        public var message: String
        /// The exact command that fixes it.
        public var fix: String

        /// Builds an obstacle; `network` is empty for one that concerns the whole host.
        public init(network: String, message: String, fix: String) {
            self.network = network
            self.message = message
            self.fix = fix
        }
    }

    /// Entries to add, sorted.
    public var additions: [Entry]
    /// This tool's entries that nothing asks for any more, sorted.
    public var removals: [Entry]
    /// Entries asked for that are there already (this tool's or anyone's), sorted.
    public var present: [Entry]
    /// What stops addresses from being answered, by network.
    public var obstacles: [Obstacle]

    /// The plan for the labelled networks' `subnets` (see
    /// ``PrefixDelivery/LabelledSubnet/all(plan:observation:)``) on `host`.
    public init(subnets: [PrefixDelivery.LabelledSubnet], host: HostNetworkState) {
        var wanted: [Entry] = []
        var obstacles: [Obstacle] = []
        for labelled in subnets where !labelled.addresses.isEmpty {
            if let clash = PrefixDelivery.clash(labelled, host: host) {
                obstacles.append(Obstacle(
                    network: labelled.network,
                    message: "its subnet \(labelled.subnet) is also on-link on \(clash.interface) (\(clash.evidence)), so no proxy entry can make the host answer for it",
                    fix: "recreate the network with a longer prefix inside the link's (see ipv6-reconcile --check)"))
                continue
            }
            guard let (_, index) = PrefixDelivery.onLinkRoute(holding: labelled.subnet, host: host) else { continue }
            let name = host.interfaceName(index: index)
            for address in labelled.addresses {
                wanted.append(Entry(address: address, interfaceIndex: index, interface: name, network: labelled.network))
            }
            switch host.proxyNDP(interfaceIndex: index) {
            case true?: break
            case false?:
                obstacles.append(Obstacle(
                    network: labelled.network,
                    message: "proxy_ndp is 0 on \(name), so the host answers for none of its proxy entries there",
                    fix: SysctlFix.command(SysctlFix.key(interface: name, "proxy_ndp"), 1)))
            case nil:
                obstacles.append(Obstacle(
                    network: labelled.network,
                    message: "proxy_ndp of \(name) cannot be read (/proc/sys/net/ipv6/conf/\(name)/proxy_ndp), so whether the host answers for its proxy entries there is unknown",
                    fix: "run where /proc/sys is visible (a unit must not set ProcSubset=pid), then sysctl net.ipv6.conf.\(name).proxy_ndp must be 1"))
            }
        }
        func exists(_ entry: Entry) -> Bool {
            host.proxyNeighbours.contains { $0.address == entry.address && $0.interfaceIndex == entry.interfaceIndex }
        }
        var seen: Set<Entry> = []
        let unique = wanted.filter { entry in
            seen.insert(Entry(address: entry.address, interfaceIndex: entry.interfaceIndex, interface: entry.interface)).inserted
        }
        additions = unique.filter { !exists($0) }.sorted()
        present = unique.filter(exists).sorted()
        removals = host.proxyNeighbours.filter { neighbour in
            neighbour.isOwn && !unique.contains { $0.address == neighbour.address && $0.interfaceIndex == neighbour.interfaceIndex }
        }.map { Entry(address: $0.address, interfaceIndex: $0.interfaceIndex, interface: host.interfaceName(index: $0.interfaceIndex)) }.sorted()
        self.obstacles = obstacles
    }

    /// Whether the host's proxy table is as asked.
    public var isInSync: Bool { additions.isEmpty && removals.isEmpty }
}

/// The host-wide checks of `--check`: the namespace, IPv6 forwarding, the default route, and
/// router advertisements with forwarding on. Pure: the host adapter reads the state.
public enum HostChecks {
    /// The checks for `host`. In a namespace with no interface up but `lo` (the shipped service's
    /// `PrivateNetwork=yes`, a container) there is nothing to judge: one `host.namespace` check
    /// says so instead of reporting the namespace's emptiness as the host's faults.
    public static func checks(_ host: HostNetworkState) -> [ReadinessCheck] {
        let others = host.interfacesUpBesidesLoopback
        guard !others.isEmpty else {
            return [
                ReadinessCheck(
                    id: "host.namespace", status: .fail, subject: .host,
                    message: "this network namespace has no interface up but loopback, so it is not the host's (the shipped service runs with PrivateNetwork=yes); the host checks were skipped",
                    fix: "run ipv6-reconcile --check from a shell in the host's network namespace, not under the service or in a container")
            ]
        }
        var result = [
            ReadinessCheck(
                id: "host.namespace", status: .ok, subject: .host,
                message: "network namespace with \(others.count) interface\(others.count == 1 ? "" : "s") up besides lo")
        ]
        result.append(forwarding(host))
        result.append(defaultRoute(host))
        result += acceptRA(host)
        return result
    }

    /// `host.forwarding`: the recipe's first step.
    static func forwarding(_ host: HostNetworkState) -> ReadinessCheck {
        let key = "net.ipv6.conf.all.forwarding"
        switch host.allForwarding {
        case nil:
            return ReadinessCheck(
                id: "host.forwarding", status: .fail, subject: .host,
                message: "\(key) cannot be read: this kernel has IPv6 turned off",
                fix: "boot without ipv6.disable=1 on the kernel command line, and set net.ipv6.conf.all.disable_ipv6 = 0")
        case 1?:
            return ReadinessCheck(id: "host.forwarding", status: .ok, subject: .host, message: "IPv6 forwarding is on (\(key) = 1)")
        case let value?:
            // Turning forwarding on removes at once every default route learned from router
            // advertisements on an interface whose accept_ra is not 2 (the kernel's
            // rt6_purge_dflt_routers; seen in HostCheckTests), which can cut off a host reached
            // over IPv6: the fix sets accept_ra 2 there first.
            let first = raDefaultRoutes(host).filter { host.interface(index: $0.index)?.acceptRA != 2 }.map { learned in
                SysctlFix.command(SysctlFix.key(interface: host.interfaceName(index: learned.index), "accept_ra"), 2)
            }
            let keep = first.isEmpty ? "" : " (the fix sets accept_ra 2 first where the default route comes from router advertisements, or turning forwarding on would remove it at once)"
            return ReadinessCheck(
                id: "host.forwarding", status: .fail, subject: .host,
                message: "IPv6 forwarding is off (\(key) = \(value)): the host passes no packet between its uplink and the containers' networks\(keep)",
                fix: (first + [SysctlFix.command(key, 1)]).joined(separator: " && "))
        }
    }

    /// The default routes learned from router advertisements, the first of each interface, in
    /// route order, with the interface's index.
    static func raDefaultRoutes(_ host: HostNetworkState) -> [(index: Int, route: HostRoute)] {
        var seen: Set<Int> = []
        return host.routes.compactMap { route in
            guard route.isDefault, route.isUnicast, route.origin == .routerAdvertisement, let index = route.interfaceIndex,
                seen.insert(index).inserted
            else { return nil }
            return (index, route)
        }
    }

    /// `host.default-route`: without one, replies to anything beyond the host's own links have
    /// nowhere to go.
    static func defaultRoute(_ host: HostNetworkState) -> ReadinessCheck {
        let defaults = host.routes.filter { $0.isDefault && $0.isUnicast }
        guard let first = defaults.first else {
            return ReadinessCheck(
                id: "host.default-route", status: .fail, subject: .host,
                message: "there is no IPv6 default route: containers cannot answer anything beyond the host's own links",
                fix: "give the uplink IPv6: accept router advertisements on it (sysctl -w net.ipv6.conf.UPLINK.accept_ra=2, then the router's next advertisement brings the route) or add the route: ip -6 route add default via ROUTER dev UPLINK")
        }
        return ReadinessCheck(id: "host.default-route", status: .ok, subject: .host, message: "IPv6 default route " + describe(first, in: host))
    }

    /// `host.accept-ra`: the kernel ignores router advertisements on an interface whose
    /// forwarding is on unless its `accept_ra` is 2, so a default route learned from them goes
    /// away when its lifetime runs out; and turning forwarding on removes such routes at once
    /// (`rt6_purge_dflt_routers`, seen in HostCheckTests: the route was gone the moment
    /// `all.forwarding` became 1).
    static func acceptRA(_ host: HostNetworkState) -> [ReadinessCheck] {
        var result: [ReadinessCheck] = []
        for (index, route) in raDefaultRoutes(host) {
            let name = host.interfaceName(index: index)
            let subject = CheckSubject(.interface, name)
            let acceptRA = host.interface(index: index)?.acceptRA
            let forwarding = host.interface(index: index)?.forwarding ?? host.allForwarding ?? 0
            let fix = SysctlFix.command(SysctlFix.key(interface: name, "accept_ra"), 2)
            let setting = "accept_ra \(acceptRA.map(String.init) ?? "unknown")"
            if acceptRA == 2 {
                result.append(ReadinessCheck(
                    id: "host.accept-ra", status: .ok, subject: subject,
                    message: "the default route on \(name) comes from router advertisements, and accept_ra is 2, so they are heard with forwarding on"))
            } else if forwarding == 0 && acceptRA == 1 {
                result.append(ReadinessCheck(
                    id: "host.accept-ra", status: .warn, subject: subject,
                    message: "the default route on \(name) comes from router advertisements (\(setting)): turning forwarding on removes it at once, and the kernel then ignores the advertisements there (host.forwarding's fix sets this first)",
                    fix: fix))
            } else {
                let expiry = route.expiresInSeconds.map { " (in \($0) s)" } ?? ""
                result.append(ReadinessCheck(
                    id: "host.accept-ra", status: .fail, subject: subject,
                    message: "the default route on \(name) comes from router advertisements, which the kernel ignores there (\(setting), forwarding \(forwarding)): the route goes away when it expires\(expiry); once accept_ra is 2, the router's next advertisement renews it",
                    fix: fix))
            }
        }
        if result.isEmpty {
            result.append(ReadinessCheck(
                id: "host.accept-ra", status: .ok, subject: .host,
                message: "no default route comes from router advertisements"))
        }
        return result
    }

    /// `via fe80::1 dev eth0 (proto ra, expires in 1780 s)`.
    static func describe(_ route: HostRoute, in host: HostNetworkState) -> String {
        var text = route.gateway.map { "via \($0) " } ?? ""
        text += "dev \(host.interfaceName(index: route.interfaceIndex)) (proto \(route.origin)"
        if let expires = route.expiresInSeconds { text += ", expires in \(expires) s" }
        return text + ")"
    }
}

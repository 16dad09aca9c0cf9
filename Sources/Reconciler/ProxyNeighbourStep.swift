import HostNetwork
import ReconcileCore

/// The `--ndp-proxy` step of a run, after the engine's writes: read the host, plan the proxy
/// entries for the addresses this tool assigns, and (apply runs) make the changes. Whatever stops
/// it is an obstacle with its fix in the outcome, never a silent no-op.
struct ProxyNeighbourStep {
    /// The host's effects.
    let host: HostEffects
    /// Where changes are logged.
    let logger: Logger

    /// Where the shipped units say the privileged variant is.
    static let unitHint = "enable the ipv6-reconcile-ndp-proxy.timer, which runs in the host's network namespace with CAP_NET_ADMIN, instead of ipv6-reconcile.timer"

    /// The outcome for `subnets`; `apply` makes the changes.
    func run(subnets: [PrefixDelivery.LabelledSubnet], apply: Bool) -> ProxyNeighbourOutcome {
        let state: HostNetworkState
        do {
            state = try host.reader.read()
        } catch {
            return unavailable("cannot read the host's proxy neighbours: \(error)", fix: "run as root in the host's network namespace; \(Self.unitHint)", apply)
        }
        guard !state.interfacesUpBesidesLoopback.isEmpty else {
            return unavailable(
                "this network namespace has only lo (the default service runs with PrivateNetwork=yes), so no uplink is here to answer on",
                fix: Self.unitHint, apply)
        }
        let plan = ProxyNeighbourPlan(subnets: subnets, host: state)
        guard apply, !plan.isInSync else { return ProxyNeighbourOutcome(plan: plan, applied: apply) }
        let writer: any ProxyNeighbourWriting
        do {
            writer = try host.openWriter()
        } catch {
            return ProxyNeighbourOutcome(plan: plan, unavailable: obstacle(for: error), applied: true)
        }
        var failures: [ProxyNeighbourPlan.Entry: String] = [:]
        let changes = plan.additions.map { (entry: $0, adding: true) } + plan.removals.map { (entry: $0, adding: false) }
        for (entry, adding) in changes {
            do throws(HostWriteError) {
                if adding {
                    try writer.add(entry)
                    logger.info("proxied \(entry) for \(entry.network)")
                } else {
                    try writer.remove(entry)
                    logger.info("unproxied \(entry)")
                }
            } catch {
                if error.isPermissionDenied { return ProxyNeighbourOutcome(plan: plan, unavailable: obstacle(for: error), applied: true) }
                failures[entry] = error.description
            }
        }
        return ProxyNeighbourOutcome(plan: plan, failures: failures, applied: true)
    }

    private func unavailable(_ message: String, fix: String, _ apply: Bool) -> ProxyNeighbourOutcome {
        ProxyNeighbourOutcome(plan: nil, unavailable: ProxyNeighbourPlan.Obstacle(network: "", message: message, fix: fix), applied: apply)
    }

    /// A refusal of the kernel's that stops every change.
    private func obstacle(for error: HostWriteError) -> ProxyNeighbourPlan.Obstacle {
        if error.isPermissionDenied {
            return ProxyNeighbourPlan.Obstacle(
                network: "", message: "the kernel refused to change proxy entries (\(error)): the run lacks CAP_NET_ADMIN",
                fix: "run as root; \(Self.unitHint)")
        }
        return ProxyNeighbourPlan.Obstacle(network: "", message: "cannot change proxy entries: \(error)", fix: "run as root; \(Self.unitHint)")
    }
}

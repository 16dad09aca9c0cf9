import DockerEngine
import ReconcileCore

/// Carries out a plan's writes against the engine, one pair at a time. An engine error on one pair
/// is a problem for that pair alone; losing the engine (timeout, connection failure, garbage) stops
/// the writing, since every further write would fail the same way after its own timeout.
public struct Applier {
    /// The engine.
    let client: DockerEngineClient
    /// Where progress is logged.
    let logger: Logger

    /// An applier writing to `client`'s engine.
    public init(client: DockerEngineClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// What the writes did, by pair, and the engine failure that stopped them, if any.
    public struct Result: Sendable {
        /// Per-pair results; pairs missing here were not attempted.
        public var results: [PlanEntryKey: WriteResult] = [:]
        /// The transport failure that stopped the run.
        public var engineLost: EngineError?
    }

    /// Performs `writes` in order.
    public func apply(_ writes: [PlannedWrite]) -> Result {
        var outcome = Result()
        for write in writes {
            let entry = write.entry
            guard let networkID = entry.networkID, let desired = entry.desired else { continue }
            do throws(Failure) {
                let result = try perform(write, networkID: networkID, desired: desired)
                outcome.results[PlanEntryKey(entry)] = result
                logger.info("\(write.kind == .connect ? "connected" : "reconnected") \(entry.containerName) to \(entry.network) at \(desired)")
            } catch {
                outcome.results[PlanEntryKey(entry)] = .failed(error.problem)
                if let lost = error.engineLost {
                    outcome.engineLost = lost
                    logger.error(lost.description)
                    break
                }
            }
        }
        return outcome
    }

    /// A failed write: the problem for the pair, and whether the engine is gone.
    private struct Failure: Error {
        let problem: Problem
        var engineLost: EngineError?
    }

    private func perform(_ write: PlannedWrite, networkID: String, desired: IPv6Address) throws(Failure) -> WriteResult {
        let entry = write.entry
        if write.kind == .reconnect {
            // Repairing drift must not cost the container its endpoint: check the desired address
            // is free before disconnecting (one inspect, on this rare path only), since a connect
            // refused after the disconnect would leave the container off the network.
            let attachments: [NetworkAttachment]
            do {
                attachments = try client.attachments(ofNetwork: networkID)
            } catch {
                throw failure(error, operation: "disconnect", desired: desired)
            }
            if let holder = AddressHolders(attachments).otherHolder(of: desired, forContainer: entry.containerID, named: entry.containerName) {
                throw Failure(problem: .addressHeldByUnlabelled(address: desired, holder: holder.containerName))
            }
            do {
                try client.disconnect(container: entry.containerID, fromNetwork: networkID)
            } catch {
                throw failure(error, operation: "disconnect", desired: desired)
            }
        }
        do {
            try client.connect(
                container: entry.containerID, toNetwork: networkID, address: desired, gatewayPriority: entry.gatewayPriority)
            return .done
        } catch {
            let refusal = EngineDialect.connectRefusal(error)
            if let refusal, client.product.refusalLeavesEndpoint(refusal) {
                // The engine kept the endpoint it refused, and then fails every list: take it
                // away now, while it is known to be the one this run asked for.
                clearRefusedEndpoint(entry, networkID: networkID)
            }
            if write.kind == .reconnect {
                restore(entry, networkID: networkID)
            }
            if EngineDialect.holderMayExplain(error), let attachments = try? client.attachments(ofNetwork: networkID) {
                // Either the endpoint already exists (a concurrent run got there first) or the
                // address is held by a container we did not list (it has no label). The network's
                // inspect, made only on this error path, tells which.
                let holders = AddressHolders(attachments)
                if holders.holds(desired, container: entry.containerID, named: entry.containerName) {
                    return .alreadyInSync
                }
                if let holder = holders.otherHolder(of: desired, forContainer: entry.containerID, named: entry.containerName) {
                    throw Failure(problem: .addressHeldByUnlabelled(address: desired, holder: holder.containerName))
                }
            }
            if write.kind == .reconnect, let status = error.status {
                throw Failure(problem: .reconnectFailed(status: status, message: error.message))
            }
            throw failure(error, operation: "connect", desired: desired, refusal: refusal)
        }
    }

    /// After the engine refused a connect, disconnects (forced) the endpoint it kept. The engine
    /// may answer that disconnect with an error even when it clears the endpoint, so the answer
    /// is only logged; the next list says whether it worked.
    private func clearRefusedEndpoint(_ entry: PlanEntry, networkID: String) {
        let done = "\(entry.containerName) on \(entry.network): forced a disconnect of the endpoint \(client.product.name) kept after refusing the connect"
        do {
            try client.disconnect(container: entry.containerID, fromNetwork: networkID, force: true)
            logger.info(done)
        } catch {
            logger.info("\(done) (it answered: \(error.message.isEmpty ? error.description : error.message))")
        }
    }

    /// After a refused reconnect, puts the container back where it was (best effort, logged), so
    /// that a failed repair leaves drift, not a missing endpoint.
    private func restore(_ entry: PlanEntry, networkID: String) {
        do {
            if let previous = entry.current {
                try client.connect(container: entry.containerID, toNetwork: networkID, address: previous, gatewayPriority: entry.gatewayPriority)
            } else {
                try client.connect(container: entry.containerID, toNetwork: networkID, address: nil, gatewayPriority: entry.gatewayPriority)
            }
            logger.info("restored \(entry.containerName) on \(entry.network) after a refused reconnect")
        } catch {
            logger.error("\(entry.containerName) on \(entry.network): could not restore the endpoint after a refused reconnect: \(error)")
        }
    }

    /// Turns an engine error on a write into the pair's problem.
    private func failure(
        _ error: EngineError, operation: String, desired: IPv6Address, refusal: EngineDialect.ConnectRefusal? = nil
    ) -> Failure {
        guard let status = error.status else {
            return Failure(problem: .writeNotDone(operation: operation, cause: error.description), engineLost: error)
        }
        switch refusal ?? EngineDialect.connectRefusal(error) {
        case .noSuchContainer?: return Failure(problem: .containerGone)
        case .addressTaken(let holderID)? where operation == "connect":
            // An engine that names the holder gives its full ID; the short form works in every docker command.
            return Failure(problem: .addressHeldByUnlabelled(address: desired, holder: holderID.map { String($0.prefix(12)) }))
        default: return Failure(problem: .engineRefused(operation: operation, status: status, message: error.message))
        }
    }
}

import DockerEngine
import ReconcileCore

/// Everything a run learns before it writes: what the engine has, the plan, and (where they are
/// shown or an address is made) the engine's facts and the exposure verdicts. Apply runs, dry
/// runs and `--check` survey the same way; only reads are made.
struct Survey {
    /// The labelled containers and every network.
    var observation: Observation
    /// The plan, after the holder check.
    var plan: Plan
    /// `GET /info`'s facts, when exposures were wanted.
    var facts: EngineFacts?
    /// The verdicts by pair, when wanted.
    var exposures: [PlanEntryKey: ExposureVerdict]?

    /// Observes (3 requests), plans, inspects the networks it would connect on (one each), and,
    /// when `wantsExposures(plan)`, asks `GET /info` and the port bindings it needs.
    /// `workedAround` hears each failure of Podman's broken state that was got around, with
    /// what was done instead. Throws the first engine error it could not get around.
    static func take(
        client: DockerEngineClient, policy: ReconcilePolicy, logger: Logger, wantsExposures: (Plan) -> Bool,
        workedAround: (EngineError, String) -> Void
    ) throws(EngineError) -> Survey {
        let observation = Observation(
            containers: try client.listContainers(withLabel: policy.networkLabel, keepingLabelsUnder: policy.labelNamespace),
            networks: try client.listNetworks { failure in workedAround(failure, "read Podman's own network list instead") })
        logger.info("observed \(observation.containers.count) labelled running containers and \(observation.networks.count) networks")

        var plan = Plan(observation: observation, policy: policy)
        // Before connecting on a network, one inspect of it says who holds which address: a
        // connect the engine is known to refuse is never made. Only runs with something to
        // connect pay for it.
        let inspected = plan.networksToInspectBeforeConnecting
        if !inspected.isEmpty {
            var attachments: [String: [NetworkAttachment]] = [:]
            for id in inspected {
                do {
                    attachments[id] = try client.attachments(ofNetwork: id)
                } catch {
                    // Podman 4.3 fails the inspect of a network that holds a half-made endpoint:
                    // the connects there go ahead unchecked, and the engine's own answers decide,
                    // as they did before this check existed.
                    guard client.podmanVersion != nil, EngineDialect.inspectionMismatch(error) != nil else { throw error }
                    workedAround(error, "connecting there without checking who holds which address")
                }
            }
            plan = plan.checkingHolders(attachments, observation: observation)
        }
        var survey = Survey(observation: observation, plan: plan)
        guard wantsExposures(plan) else { return survey }

        let facts = try client.engineFacts()
        logger.debug("engine \(facts.serverVersion) (API \(facts.apiVersion)): IPv6 firewall \(facts.ipv6Firewall)")
        var rules = ExposureRules(observation: observation, plan: plan, engine: facts)
        let ambiguous = rules.containersNeedingPortBindings(in: plan)
        if !ambiguous.isEmpty {
            var bindings: [String: [PublishedPort]] = [:]
            for id in ambiguous { bindings[id] = try client.portBindings(ofContainer: id) }
            rules = ExposureRules(observation: observation, plan: plan, engine: facts, portBindings: bindings)
        }
        survey.facts = facts
        survey.exposures = rules.verdicts(for: plan)
        return survey
    }
}

import DockerEngine
import ReconcileCore

/// Everything a run learns before it writes: what the engine has, the plan, and (where they are
/// shown or an address is made) the engine's facts and the exposure verdicts. Apply runs, dry
/// runs and `--check` survey the same way; only reads are made.
public struct Survey: Sendable {
    /// The labelled containers and every network.
    public var observation: Observation
    /// The plan, after the holder check.
    public var plan: Plan
    /// `GET /info`'s facts, when exposures were wanted.
    public var facts: EngineFacts?
    /// The verdicts by pair, when wanted.
    public var exposures: [PlanEntryKey: ExposureVerdict]?
    /// The engine's broken states the survey got around, each with what it did instead.
    public var workarounds: [Workaround] = []

    /// A failure the survey got around, and what it did instead.
    public struct Workaround: Hashable, Sendable {
        /// The broken state, with what the survey fetched to explain it.
        public var state: BrokenEndpointState
        /// What was done instead, as a clause: "connecting there without checking who holds which address".
        public var instead: String
    }

    /// Observes (3 requests with the ping), plans, inspects the networks it would connect on
    /// (one each), and, when `wantsExposures(plan)`, asks `GET /info` and the port bindings it
    /// needs. Throws the first engine error it could not get around, with the broken state it
    /// reports, if any.
    public static func take(
        client: DockerEngineClient, policy: ReconcilePolicy, logger: Logger, wantsExposures: (Plan) -> Bool
    ) throws(SurveyFailure) -> Survey {
        var workarounds: [Workaround] = []
        func gotAround(_ failure: EngineError, _ instead: String) {
            if let state = client.brokenEndpointState(after: failure) { workarounds.append(Workaround(state: state, instead: instead)) }
        }
        do throws(EngineError) {
            let observation = try client.observe(withLabel: policy.networkLabel, keepingLabelsUnder: policy.labelNamespace) { failure in
                gotAround(failure, "read \(client.product.name)'s own network list instead")
            }
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
                        // An engine in the broken state may fail the inspect of a network that
                        // holds a half-made endpoint: the connects there go ahead unchecked, and
                        // the engine's own answers decide.
                        guard client.product.isBrokenEndpointState(error) else { throw error }
                        gotAround(error, "connecting there without checking who holds which address")
                    }
                }
                plan = plan.checkingHolders(attachments, observation: observation)
            }
            var survey = Survey(observation: observation, plan: plan, workarounds: workarounds)
            guard wantsExposures(plan) else { return survey }

            let facts = try client.engineFacts()
            logger.debug("engine \(facts.product) (API \(facts.apiVersion)): IPv6 firewall \(facts.ipv6Firewall)")
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
        } catch {
            throw SurveyFailure(error: error, brokenState: client.brokenEndpointState(after: error))
        }
    }
}

/// A survey that could not be taken: the engine error, and the broken state it reports, whose
/// hint says how to clear it.
public struct SurveyFailure: Error, Sendable, CustomStringConvertible {
    /// The engine's failure.
    public let error: EngineError
    /// The broken state the failure reports, if it is one.
    public let brokenState: BrokenEndpointState?

    /// The error's line, with the hint of what to clear.
    public var description: String { error.description + (brokenState?.hint ?? "") }
}

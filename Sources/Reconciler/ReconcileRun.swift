import DockerEngine
import ReconcileCore

/// One apply run or dry run, as values handed forward: take the lock (apply runs), negotiate,
/// survey, plan, apply, build the outcome, journal its conditions, render the report.
public struct ReconcileRun {
    /// The command line.
    public let options: Options
    /// How requests reach the engine.
    public let engine: any EngineTransporting
    /// The lock and state files.
    public let files: RuntimeFiles
    /// Where progress and conditions are logged.
    public let logger: Logger
    /// The host's effects, for `--ndp-proxy`.
    public let host: HostEffects
    /// How the run confines its file-system access once it holds the lock.
    public let confiner: any FileSystemConfining

    /// A run of `options` against `engine` (and, with `--ndp-proxy`, `host`).
    public init(
        options: Options, engine: any EngineTransporting, logger: Logger, files: RuntimeFiles, host: HostEffects = .kernel,
        confiner: any FileSystemConfining
    ) {
        self.confiner = confiner
        self.options = options
        self.engine = engine
        self.files = files
        self.logger = logger
        self.host = host
    }

    /// Runs, and returns what to print and the exit status.
    public func run() -> RunReport {
        // Apply runs take the lock before observing, so two runs never plan from the same stale
        // view. Dry runs write nothing and neither wait for the lock nor touch the state file.
        if !options.dryRun {
            do {
                guard try files.acquireLock(timeoutSeconds: options.lockTimeoutSeconds) else {
                    logger.error("another ipv6-reconcile run held \(files.lockPath) for more than \(options.lockTimeoutSeconds) s; giving up (--lock-timeout)")
                    return RunReport(status: .busy)
                }
            } catch {
                logger.error("\(error.message) (run as root, or give --lock-file and --state-file)")
                return RunReport(status: .cannotCreate)
            }
        }
        // From here on the run writes only its state file (apply runs) or nothing (dry runs).
        logger.debug(confiner.confine(.forRun(statePath: files.statePath, writes: !options.dryRun)))
        let client: DockerEngineClient
        do {
            client = try DockerEngineClient.negotiate(engine)
        } catch {
            logger.error(error.description)
            return RunReport(status: .unavailable)
        }
        logger.debug("engine at \(engine.endpoint) speaks API \(client.version)")
        let policy = options.policy
        let survey: Survey
        do {
            // Exposure verdicts need GET /info: asked only where they are shown (a dry run, JSON
            // output) or where an address is being made (a run that writes), so a no-op apply
            // run stays at 3 requests.
            survey = try Survey.take(client: client, policy: policy, logger: logger) { plan in
                options.dryRun || options.output == .json || !plan.writes(fixDrift: options.fixDrift).isEmpty
            }
        } catch {
            logger.error(error.description)
            return RunReport(status: .unavailable)
        }
        for workaround in survey.workarounds { logger.info(workaround.state.workedAroundLine(workaround.instead)) }

        var outcome: RunOutcome
        var engineLost = false
        if options.dryRun {
            outcome = RunOutcome(plan: survey.plan, mode: .dryRun, fixDrift: options.fixDrift, exposures: survey.exposures)
        } else {
            let applied = Applier(client: client, logger: logger).apply(survey.plan.writes(fixDrift: options.fixDrift))
            engineLost = applied.engineLost != nil
            outcome = RunOutcome(
                plan: survey.plan, mode: .apply, fixDrift: options.fixDrift, results: applied.results, exposures: survey.exposures)
        }
        if options.ndpProxy && !engineLost {
            let subnets = PrefixDelivery.LabelledSubnet.all(plan: survey.plan, observation: survey.observation)
            outcome.proxyNeighbours = ProxyNeighbourStep(host: host, logger: logger).run(subnets: subnets, apply: !options.dryRun)
        }
        let conditions = journal(outcome, survey: survey, engineLost: engineLost)

        let status: ExitStatus = engineLost ? .unavailable : outcome.exitStatus
        switch options.output {
        case .text: return RunReport(status: status, lines: TextReport.lines(for: outcome, conditions: conditions))
        case .json: return RunReport(status: status, output: JSONReport.document(for: outcome, exitStatus: status) + "\n")
        }
    }

    /// Logs the outcome's conditions, and says how the text report shows them.
    private func journal(_ outcome: RunOutcome, survey: Survey, engineLost: Bool) -> TextReport.Conditions {
        let brokenStates = survey.workarounds.map(\.state.condition).reduce(into: [Condition]()) { kept, condition in
            if !kept.contains(where: { $0.key == condition.key }) { kept.append(condition) }
        }
        guard outcome.mode == .apply else {
            // A dry run remembers nothing: it says the engine's broken state every time.
            for condition in brokenStates { logger.warning("\(condition.containerName) on \(condition.network): \(condition.text)") }
            return .inline
        }
        // The engine went away mid-run: one error line says so (logged by the Applier). Logging
        // and recording a "not done" condition per pair would cost 2N+1 journal lines for one
        // hiccup.
        if engineLost { return .logged(news: false) }
        let previous: ConditionJournal.PreviousState
        do {
            previous = try files.readState().map { .text($0) } ?? .missing
        } catch {
            previous = .unreadable(error.message)
        }
        // Runs against another engine or label namespace may share the state file; each keeps to
        // its own.
        let journal = ConditionJournal(
            previous: previous, stateFile: files.statePath, outcome: outcome, scope: "\(engine.endpoint) \(options.policy.labelPrefix)",
            extra: brokenStates)
        for line in journal.lines { logger.log(line) }
        if let text = journal.newText {
            do {
                try files.writeState(text)
            } catch {
                logger.warning("\(error.message); a persistent problem will be logged again on every run")
            }
        }
        return .logged(news: journal.isNews)
    }
}

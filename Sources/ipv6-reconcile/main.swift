// ipv6-reconcile: the thin shell. Parse options, observe, plan, apply unless --dry-run, report,
// exit with a named status. Everything that decides anything lives in ReconcileCore.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DockerEngine
import ReconcileCore


/// Ends the process with a named status.
func exit(_ status: ExitStatus) -> Never {
    Glibc.exit(status.rawValue)
}

// A reader that goes away (`ipv6-reconcile | head`) must not kill us mid-write with SIGPIPE.
signal(SIGPIPE, SIG_IGN)

var environment: [String: String] = [:]
for entry in ProcessEnvironment.entries() {
    environment[entry.name] = entry.value
}

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    writeStandardError("ipv6-reconcile: \(error.message) (see ipv6-reconcile --help)\n")
    exit(.usage)
}
if options.showHelp {
    writeStandardOutput(Options.helpText)
    exit(.success)
}
if options.showVersion {
    writeStandardOutput("ipv6-reconcile \(toolVersion)\n")
    exit(.success)
}

let logger = Logger(threshold: options.logLevel, journal: !(environment["JOURNAL_STREAM"] ?? "").isEmpty)

let endpoint: EngineEndpoint
do {
    endpoint = try EngineEndpoint.resolve(option: options.host, environment: environment)
} catch {
    logger.error("\(error) (see ipv6-reconcile --help)")
    exit(.usage)
}

let transport = EngineTransport(
    endpoint: endpoint, timeoutSeconds: options.timeoutSeconds, userAgent: "ipv6-reconcile/\(toolVersion)")
let policy = ReconcilePolicy(labelPrefix: options.labelPrefix, allowedNetworks: Set(options.allowedNetworks))

// --check is read-only: no lock, no state file, its own report.
if options.check {
    CheckCommand.run(options: options, endpoint: endpoint, transport: transport, policy: policy, logger: logger)
}

// Apply runs take the lock before observing, so two runs never plan from the same stale view.
// Dry runs write nothing and neither wait for the lock nor touch the state file.
let runtimeDirectory = RuntimeDirectory.path(environment: environment)
let stateFilePath = options.stateFile ?? runtimeDirectory + "/state"
if !options.dryRun {
    let lockPath = options.lockFile ?? runtimeDirectory + "/lock"
    do {
        guard try RunLock.acquire(path: lockPath, timeoutSeconds: options.lockTimeoutSeconds) else {
            logger.error("another ipv6-reconcile run held \(lockPath) for more than \(options.lockTimeoutSeconds) s; giving up (--lock-timeout)")
            exit(.busy)
        }
    } catch {
        logger.error("\(error.message) (run as root, or give --lock-file and --state-file)")
        exit(.cannotCreate)
    }
}

/// Podman's broken state that this run worked around (its lists fail because of a half-made
/// endpoint on a container this tool does not manage): logged once at warning level through the
/// state file, like a problem, and cleared once when it is gone; a dry run says it every time.
var engineConditions: [Condition] = []

/// Notes a failure this run worked around: at info level as it happens, and as an engine
/// condition with the hint of what to clear.
@MainActor
func noteBrokenPodmanState(_ failure: EngineError, workaround: String) {
    let hint = podmanStateHint(failure, client: client)
    logger.info("\(failure.operation) failed (network inspection mismatch\(hint)); \(workaround)")
    let endpoint = EngineDialect.inspectionMismatch(failure)?.first { !$0.addresses.isEmpty && $0.network != "podman" }
    let condition = Condition(
        key: "engine/podman/" + (endpoint.map { $0.containerID + "/" + $0.network } ?? "state"),
        containerName: endpoint?.containerID ?? "Podman", network: endpoint?.network ?? "its networks",
        text: "Podman's lists fail (network inspection mismatch)" + hint)
    if !engineConditions.contains(where: { $0.key == condition.key }) { engineConditions.append(condition) }
}

let client: DockerEngineClient
do {
    client = try DockerEngineClient.negotiate(transport)
} catch {
    logger.error(error.description)
    exit(.unavailable)
}
logger.debug("engine at \(endpoint) speaks API \(client.version)")
let survey: Survey
do {
    // Exposure verdicts need GET /info: asked only where they are shown (a dry run, JSON output)
    // or where an address is being made (a run that writes), so a no-op apply run stays at 3
    // requests.
    survey = try Survey.take(
        client: client, policy: policy, logger: logger,
        wantsExposures: { plan in options.dryRun || options.output == .json || !plan.writes(fixDrift: options.fixDrift).isEmpty },
        workedAround: { failure, workaround in noteBrokenPodmanState(failure, workaround: workaround) })
} catch {
    logger.error(error.description + podmanStateHint(error, client: client))
    exit(.unavailable)
}
let plan = survey.plan
let exposures = survey.exposures
let writes = options.dryRun ? [] : plan.writes(fixDrift: options.fixDrift)

var engineLost = false
let outcome: RunOutcome
if options.dryRun {
    outcome = RunOutcome(plan: plan, mode: .dryRun, fixDrift: options.fixDrift, exposures: exposures)
} else {
    let applied = Applier(client: client, logger: logger).apply(writes)
    engineLost = applied.engineLost != nil
    outcome = RunOutcome(plan: plan, mode: .apply, fixDrift: options.fixDrift, results: applied.results, exposures: exposures)
}
var conditionReporting = TextReport.Conditions.inline
if outcome.mode == .apply && engineLost {
    // The engine went away mid-run: one error line says so (logged by the Applier). Logging and
    // recording a "not done" condition per pair would cost 2N+1 journal lines for one hiccup.
    conditionReporting = .logged(news: false)
} else if outcome.mode == .apply {
    // Runs against another engine or label namespace may share the state file; each keeps to its own.
    let scope = "\(endpoint) \(policy.labelPrefix)"
    let extra = engineConditions.map { condition in
        var scoped = condition
        scoped.scope = scope
        return scoped
    }
    conditionReporting = .logged(news: logConditions(of: outcome, scope: scope, extra: extra, stateFile: stateFilePath, logger: logger))
} else {
    for condition in engineConditions { logger.warning("\(condition.containerName) on \(condition.network): \(condition.text)") }
}

let finalStatus: ExitStatus = engineLost ? .unavailable : outcome.exitStatus
switch options.output {
case .text:
    let lines = TextReport.lines(for: outcome, conditions: conditionReporting)
    if !lines.isEmpty { writeStandardOutput(lines.joined(separator: "\n") + "\n") }
case .json:
    writeStandardOutput(JSONReport.document(for: outcome, exitStatus: finalStatus) + "\n")
}
exit(finalStatus)

/// Logs this run's problems, drift and unreachable addresses against what the state file says the
/// last run logged: at warning level when one appears, changes or clears, at debug level while it
/// persists. Updates the state file when anything changed. Returns whether anything was logged at
/// warning level.
func logConditions(of outcome: RunOutcome, scope: String, extra: [Condition] = [], stateFile: String, logger: Logger) -> Bool {
    var previousText: String?
    var recorded: [Condition]?
    do {
        previousText = try StateFile.read(path: stateFile)
        if let previousText {
            recorded = ConditionState.decode(previousText)
            if recorded == nil {
                logger.warning("state file \(stateFile) is corrupt; logging every problem as new and rewriting it")
            }
        } else {
            recorded = []
            logger.debug("no state file at \(stateFile) yet; it is created when there is something to remember")
        }
    } catch {
        logger.warning("\(error.message); logging every problem as new and rewriting it")
    }
    let previous = recorded.map { ConditionState.conditions(in: $0, scope: scope) }
    let conditions = Condition.all(in: outcome, scope: scope, previous: previous) + extra
    let changes = ConditionChanges(previous: previous, current: conditions)
    for condition in changes.appeared + changes.changed {
        logger.warning("\(condition.containerName) on \(condition.network): \(condition.text)")
    }
    for condition in changes.cleared {
        logger.warning("\(condition.containerName) on \(condition.network): cleared (was \(condition.text))")
    }
    for condition in changes.persisting {
        logger.debug("\(condition.containerName) on \(condition.network): still \(condition.text)")
    }

    let newText = ConditionState.encode(ConditionState.replacing(scope: scope, in: recorded ?? [], with: conditions))
    // An unchanged file is not rewritten: the timer runs every 5 seconds.
    if newText != previousText && !(previousText == nil && conditions.isEmpty) {
        do {
            try StateFile.write(newText, path: stateFile)
        } catch {
            logger.warning("\(error.message); a persistent problem will be logged again on every run")
        }
    }
    return changes.isNews
}

/// For a list that failed with Podman's `network inspection mismatch`: what happened and the exact
/// command that clears it. Podman names the container and every endpoint it asked for, the good
/// ones too, but not which one is broken: candidates are the endpoints with static addresses
/// (a refused connect at a given address is what leaves one), never its default network, and
/// each candidate network whose inspect lists the container at that address holds a good
/// endpoint (a wrong command would take a working address offline), which also gives the
/// container's name. Nothing is cleared here: a list cannot tell whether this tool made it.
func podmanStateHint(_ error: EngineError, client: DockerEngineClient) -> String {
    guard let endpoints = EngineDialect.inspectionMismatch(error) else { return "" }
    var name: String?
    let candidates = endpoints.filter { endpoint in
        guard !endpoint.addresses.isEmpty, endpoint.network != "podman" else { return false }
        guard let attached = try? client.attachments(ofNetwork: endpoint.network) else { return true }
        let own = attached.filter { $0.containerID.hasPrefix(endpoint.containerID) }
        if let found = own.first { name = found.containerName }
        return !own.contains { attachment in endpoint.addresses.contains { $0 == attachment.address?.description } }
    }
    guard let first = candidates.first else {
        return "; Podman's state for a container is inconsistent (network inspection mismatch); clear the endpoint a refused connect left with: docker network disconnect -f NETWORK CONTAINER"
    }
    let container = name.map { "\(quoted($0)) (\(first.containerID))" } ?? first.containerID
    let reference = name.map(quotedIfNeeded) ?? first.containerID
    let commands = candidates.map { "docker network disconnect -f \(quotedIfNeeded($0.network)) \(reference)" }
    let what = candidates.map { "on \(quoted($0.network)) at \($0.addresses.joined(separator: ", "))" }
    let clear = candidates.count == 1
        ? "clear it with: \(commands[0])"
        // Podman 4.3 fails the inspect of every network the container is on, so the good
        // endpoints cannot be told from the broken one; say so rather than guess.
        : "Podman does not say which of these it is, and disconnecting a good one takes that address offline until this tool's next run reconnects it (for a network its label names); clear it with one of: \(commands.joined(separator: ", or "))"
    return "; Podman kept a half-made endpoint of container \(container) (\(what.joined(separator: " or "))) after refusing a connect, and fails every list that includes it until it is gone; \(clear) (Podman may answer that disconnect with an error, netavark: : EOF, and still clear it)"
}

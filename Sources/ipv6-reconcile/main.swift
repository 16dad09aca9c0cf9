// ipv6-reconcile: the thin shell. Parse options, observe, plan, apply unless --dry-run, report,
// exit with a named status. Everything that decides anything lives in ReconcileCore.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DockerEngine
import ReconcileCore

/// The version `--version` prints and the User-Agent carries.
let toolVersion = "0.1.0"

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

let client: DockerEngineClient
let observation: Observation
do {
    client = try DockerEngineClient.negotiate(transport)
    logger.debug("engine at \(endpoint) speaks API \(client.version)")
    observation = Observation(
        containers: try client.listContainers(withLabel: policy.networkLabel),
        networks: try client.listNetworks())
} catch {
    logger.error(error.description)
    exit(.unavailable)
}
logger.info("observed \(observation.containers.count) labelled running containers and \(observation.networks.count) networks")

let plan = Plan(observation: observation, policy: policy)
var engineLost = false
let outcome: RunOutcome
if options.dryRun {
    outcome = RunOutcome(plan: plan, mode: .dryRun, fixDrift: options.fixDrift)
} else {
    let applied = Applier(client: client, logger: logger).apply(plan.writes(fixDrift: options.fixDrift))
    engineLost = applied.engineLost != nil
    outcome = RunOutcome(plan: plan, mode: .apply, fixDrift: options.fixDrift, results: applied.results)
}
for pair in outcome.pairs {
    if let problem = pair.problem {
        logger.debug("\(pair.entry.containerName) on \(pair.entry.network): \(problem)")
    }
}

switch options.output {
case .text:
    let lines = TextReport.lines(for: outcome)
    if !lines.isEmpty { writeStandardOutput(lines.joined(separator: "\n") + "\n") }
case .json:
    writeStandardOutput(JSONReport.document(for: outcome) + "\n")
}
exit(engineLost ? .unavailable : outcome.exitStatus)

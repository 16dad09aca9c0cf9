// ipv6-reconcile: the shell. Parse the options, build the engine and host adapters, run,
// print the report, exit with its named status. What a run does lives in the Reconciler library.
import DockerEngine
import HostNetwork
import ReconcileCore
import Reconciler
import SystemCalls

func exit(_ status: ExitStatus) -> Never { Syscalls.exit(status.rawValue) }

Syscalls.ignoreBrokenPipes()
let environment = Syscalls.environment()
let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    Output.standardError("ipv6-reconcile: \(error.message) (see ipv6-reconcile --help)\n")
    exit(.usage)
}
if options.showHelp || options.showVersion {
    Output.standardOutput(options.showHelp ? Options.helpText : "ipv6-reconcile \(toolVersion)\n")
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
let engine = EngineTransport(endpoint: endpoint, timeoutSeconds: options.timeoutSeconds, userAgent: "ipv6-reconcile/\(toolVersion)")

// --check is read-only: no lock, no state file, its own report.
let report = options.check
    ? CheckRun(options: options, engine: engine, host: HostNetworkReader(), logger: logger, confiner: LandlockConfiner()).run()
    : ReconcileRun(
        options: options, engine: engine, logger: logger,
        files: RuntimeFiles(lockFile: options.lockFile, stateFile: options.stateFile, environment: environment),
        confiner: LandlockConfiner()
    ).run()
Output.standardOutput(report.output)
exit(report.status)

import DockerEngine
import HostNetwork
import ReconcileCore

/// `ipv6-reconcile --check`: the host readiness report. Reads the host's network namespace and
/// surveys the engine as a dry run does, turns both into checks, and returns them rendered with
/// the status: 0 when nothing is `warn` or `fail`, 3 when something is, 69 when the engine could
/// not be surveyed (the host's checks still tell something then). Takes no lock, touches no
/// state file, and makes no write call.
public struct CheckRun {
    /// The command line.
    public let options: Options
    /// How requests reach the engine.
    public let engine: any EngineTransporting
    /// How the host's network state is read.
    public let host: any HostNetworkReading
    /// Where progress is logged.
    public let logger: Logger
    /// How the run confines its file-system access (it writes nothing).
    public let confiner: any FileSystemConfining

    /// A check of `options` against `engine` and `host`.
    public init(
        options: Options, engine: any EngineTransporting, host: any HostNetworkReading, logger: Logger,
        confiner: any FileSystemConfining
    ) {
        self.confiner = confiner
        self.options = options
        self.engine = engine
        self.host = host
        self.logger = logger
    }

    /// Runs the checks, and returns the report and its status.
    public func run() -> RunReport {
        logger.debug(confiner.confine(FileSystemConfinement(writableDirectories: [])))
        var checks: [ReadinessCheck] = []
        var hostState: HostNetworkState?
        do {
            let state = try host.read()
            hostState = state
            checks += HostChecks.checks(state)
        } catch {
            checks.append(ReadinessCheck(
                id: "host.read", status: .fail, subject: .host, message: "cannot read the host's network state: \(error)",
                fix: "run ipv6-reconcile --check as root on the host (it reads /proc/sys/net/ipv6 and asks rtnetlink)"))
        }

        var status: ExitStatus?
        do {
            checks += try engineChecks(host: hostState)
        } catch {
            checks.append(ReadinessCheck(
                id: "engine.api", status: .fail, subject: .engine,
                message: error.description + "; the network and container checks need the engine and were skipped",
                fix: "\(EngineDialect.startCommand), or give the engine's socket with --host unix:///PATH; the check needs read access to it"))
            status = .unavailable
        }

        let report = ReadinessReport(checks: checks)
        let finalStatus = status ?? report.exitStatus
        switch options.output {
        case .text: return RunReport(status: finalStatus, lines: report.textLines(showingOK: options.logLevel >= .info))
        case .json: return RunReport(status: finalStatus, output: report.jsonDocument(exitStatus: finalStatus) + "\n")
        }
    }

    /// The engine's, networks', containers' and prefixes' checks, from a survey as a dry run
    /// takes it.
    private func engineChecks(host: HostNetworkState?) throws(CheckFailure) -> [ReadinessCheck] {
        let client: DockerEngineClient
        let survey: Survey
        do {
            client = try DockerEngineClient.negotiate(engine)
        } catch {
            throw CheckFailure(description: error.description)
        }
        do {
            survey = try Survey.take(client: client, policy: options.policy, logger: logger, wantsExposures: { _ in true })
        } catch {
            throw CheckFailure(description: error.description)
        }
        guard let facts = survey.facts else { preconditionFailure("a survey that wants exposures has the engine's facts") }
        let readiness = EngineReadiness(
            engine: facts, address: "\(engine.endpoint)", observation: survey.observation, plan: survey.plan,
            exposures: survey.exposures ?? [:], policy: options.policy)
        var checks = readiness.checks()
        checks += survey.workarounds.map { workaround in
            ReadinessCheck(
                id: "engine.state", status: .warn, subject: .engine,
                message: "\(workaround.state.failure.operation) failed (network inspection mismatch); the check went on (\(workaround.instead))",
                fix: workaround.state.fix)
        }
        // A namespace with only lo is not the host's: its routes and sysctls say nothing of how
        // a prefix reaches the host, so prefix.delivery is left out there too.
        guard let host, !host.interfacesUpBesidesLoopback.isEmpty else { return checks }
        let subnets = readiness.labelledSubnets
        let namespace = PrefixDelivery.engineNamespace(subnets, host: host)
        if let namespace { checks.append(namespace) }
        // In another namespace than the engine's, the routes say nothing of how a prefix reaches
        // its bridges.
        if namespace?.status != .fail {
            checks += subnets.map { PrefixDelivery.check($0, host: host) }
        }
        return checks
    }

    /// The engine could not be surveyed: the one-line reason.
    private struct CheckFailure: Error {
        let description: String
    }
}

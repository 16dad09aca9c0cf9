import DockerEngine
import HostNetwork
import ReconcileCore

/// `ipv6-reconcile --check`: the host readiness report. Reads the host's network namespace and
/// surveys the engine as a dry run does, turns both into checks, prints them, and exits: 0 when
/// nothing is `warn` or `fail`, 3 when something is, 69 when the engine could not be surveyed
/// (after printing the host's checks, which still tell something). Takes no lock, touches no
/// state file, and makes no write call.
enum CheckCommand {
    /// Runs the check against the engine `transport` reaches, with the run's label `policy`, and exits.
    static func run(options: Options, endpoint: EngineEndpoint, transport: EngineTransport, policy: ReconcilePolicy, logger: Logger) -> Never {
        var checks: [ReadinessCheck] = []
        var host: HostNetworkState?
        do {
            let state = try HostNetworkReader.read()
            host = state
            checks += HostChecks.checks(state)
        } catch {
            checks.append(ReadinessCheck(
                id: "host.read", status: .fail, subject: .host, message: "cannot read the host's network state: \(error)",
                fix: "run ipv6-reconcile --check as root on the host (it reads /proc/sys/net/ipv6 and asks rtnetlink)"))
        }
        // A namespace with only lo is not the host's: its routes and sysctls say nothing of
        // how a prefix reaches the host, so prefix.delivery is left out there too.
        let hostIsReal = !(host?.interfacesUpBesidesLoopback.isEmpty ?? true)

        var status: ExitStatus?
        var client: DockerEngineClient?
        do {
            let negotiated = try DockerEngineClient.negotiate(transport)
            client = negotiated
            var workarounds: [ReadinessCheck] = []
            let survey = try Survey.take(
                client: negotiated, policy: policy, logger: logger, wantsExposures: { _ in true },
                workedAround: { failure, workaround in
                    let hint = podmanStateHint(failure, client: negotiated)
                    workarounds.append(ReadinessCheck(
                        id: "engine.state", status: .warn, subject: .engine,
                        message: "\(failure.operation) failed (network inspection mismatch); the check went on \(workaround)",
                        fix: hint.isEmpty ? "docker network disconnect -f NETWORK CONTAINER for the endpoint a refused connect left" : String(hint.dropFirst(2))))
                })
            guard let facts = survey.facts else { preconditionFailure("a survey that wants exposures has the engine's facts") }
            let readiness = EngineReadiness(
                engine: facts, address: "\(endpoint)", observation: survey.observation, plan: survey.plan,
                exposures: survey.exposures ?? [:], policy: policy)
            checks += readiness.checks() + workarounds
            if let host, hostIsReal {
                let subnets = readiness.labelledSubnets
                let namespace = PrefixDelivery.engineNamespace(subnets, host: host)
                if let namespace { checks.append(namespace) }
                // In another namespace than the engine's, the routes say nothing of how a prefix
                // reaches its bridges.
                if namespace?.status != .fail {
                    checks += subnets.map { PrefixDelivery.check($0, host: host) }
                }
            }
        } catch {
            let hint = client.map { podmanStateHint(error, client: $0) } ?? ""
            checks.append(ReadinessCheck(
                id: "engine.api", status: .fail, subject: .engine,
                message: error.description + hint + "; the network and container checks need the engine and were skipped",
                fix: "systemctl start docker (or podman.socket), or give the engine's socket with --host unix:///PATH; the check needs read access to it"))
            status = .unavailable
        }

        let report = ReadinessReport(checks: checks)
        let finalStatus = status ?? report.exitStatus
        switch options.output {
        case .text:
            writeStandardOutput(report.textLines(showingOK: options.logLevel >= .info).joined(separator: "\n") + "\n")
        case .json:
            writeStandardOutput(report.jsonDocument(exitStatus: finalStatus) + "\n")
        }
        exit(finalStatus)
    }
}

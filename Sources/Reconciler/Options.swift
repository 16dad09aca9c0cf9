import ReconcileCore

/// The command line, parsed. Only this and `main.swift` know about argv.
public struct Options: Equatable, Sendable {
    /// `--host`: the engine's address; nil means `DOCKER_HOST`, else the default socket.
    public var host: String?
    /// `--timeout`: the per-request deadline in seconds.
    public var timeoutSeconds: Double = 10
    /// `--dry-run`: plan and report, write nothing.
    public var dryRun = false
    /// `--fix-drift`: disconnect drifted endpoints and connect them at the desired address.
    public var fixDrift = false
    /// `--check`: the read-only host readiness report instead of a run.
    public var check = false
    /// `--ndp-proxy`: keep a proxy neighbour entry for every address assigned inside an on-link prefix.
    public var ndpProxy = false
    /// `--output`: the report format.
    public var output: OutputFormat = .text
    /// `--label-prefix`: the label namespace.
    public var labelPrefix = ReconcilePolicy.defaultLabelPrefix
    /// `--allow-network`: when not empty, the only networks labels may name.
    public var allowedNetworks: [String] = []
    /// `--log-level` (or `--info`, `--debug`): the least severe level logged.
    public var logLevel: LogLevel = .warning
    /// `--lock-file`: nil means `lock` in the runtime directory.
    public var lockFile: String?
    /// `--lock-timeout`: how long to wait for another run's lock, in seconds.
    public var lockTimeoutSeconds: Double = 30
    /// `--state-file`: nil means `state` in the runtime directory.
    public var stateFile: String?
    /// The label policy these options ask for.
    public var policy: ReconcilePolicy {
        ReconcilePolicy(labelPrefix: labelPrefix, allowedNetworks: Set(allowedNetworks))
    }

    /// `--help` was asked for.
    public var showHelp = false
    /// `--version` was asked for.
    public var showVersion = false

    /// Report formats.
    public enum OutputFormat: String, CaseIterable, Sendable {
        /// One line per change or problem and a summary.
        case text
        /// One JSON document.
        case json
    }

    /// Parses `arguments` (without the program name). Accepts `--name value` and `--name=value`.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        func value(for name: String, inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            index += 1
            guard index < arguments.count else { throw UsageError("option \(name) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            func refuseValue() throws(UsageError) {
                if inline != nil { throw UsageError("option \(name) takes no value") }
            }
            switch name {
            case "-h", "--help": try refuseValue(); options.showHelp = true
            case "--version": try refuseValue(); options.showVersion = true
            case "--dry-run", "-n": try refuseValue(); options.dryRun = true
            case "--fix-drift": try refuseValue(); options.fixDrift = true
            case "--check": try refuseValue(); options.check = true
            case "--ndp-proxy": try refuseValue(); options.ndpProxy = true
            case "--info": try refuseValue(); options.logLevel = .info
            case "--debug": try refuseValue(); options.logLevel = .debug
            case "--host", "-H":
                let text = try value(for: name, inline: inline)
                guard !text.isEmpty else { throw UsageError("--host needs an address such as unix:///var/run/docker.sock") }
                options.host = text
            case "--timeout":
                let text = try value(for: name, inline: inline)
                guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 3600 else {
                    throw UsageError("--timeout takes seconds, more than 0 and at most 3600, not \(quoted(text))")
                }
                options.timeoutSeconds = seconds
            case "--output", "-o":
                let text = try value(for: name, inline: inline)
                guard let format = OutputFormat(rawValue: text) else {
                    throw UsageError("--output takes text or json, not \(quoted(text))")
                }
                options.output = format
            case "--label-prefix":
                let text = try value(for: name, inline: inline)
                guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else {
                    throw UsageError("--label-prefix takes a non-empty label namespace without spaces, not \(quoted(text))")
                }
                options.labelPrefix = text
            case "--allow-network":
                let text = try value(for: name, inline: inline)
                guard !text.isEmpty, !text.contains(",") else {
                    throw UsageError("--allow-network takes one network name or ID (repeat the option for more), not \(quoted(text))")
                }
                options.allowedNetworks.append(text)
            case "--lock-file", "--state-file":
                let text = try value(for: name, inline: inline)
                guard !text.isEmpty else { throw UsageError("\(name) needs a file path") }
                if name == "--lock-file" { options.lockFile = text } else { options.stateFile = text }
            case "--lock-timeout":
                let text = try value(for: name, inline: inline)
                guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 3600 else {
                    throw UsageError("--lock-timeout takes seconds from 0 to 3600, not \(quoted(text))")
                }
                options.lockTimeoutSeconds = seconds
            case "--log-level":
                let text = try value(for: name, inline: inline)
                guard let level = LogLevel(name: text) else {
                    throw UsageError("--log-level takes error, warning, info or debug, not \(quoted(text))")
                }
                options.logLevel = level
            default:
                if argument.hasPrefix("-") { throw UsageError("unknown option \(quoted(argument))") }
                throw UsageError("unexpected argument \(quoted(argument)); ipv6-reconcile takes options only")
            }
            index += 1
        }
        if options.check && options.fixDrift {
            throw UsageError("--check changes nothing, and --fix-drift changes endpoints; give one of them")
        }
        if options.check && options.ndpProxy {
            throw UsageError("--check changes nothing, and --ndp-proxy changes the host's proxy entries; give one of them")
        }
        return options
    }

    /// The `--help` text: every option with its default, and every exit status.
    public static var helpText: String {
        var text = """
            Usage: ipv6-reconcile [options]

            Gives every running Docker container labelled <prefix>.network=<network>[,<network>...]
            a stable IPv6 address on that network: the network's IPv6 prefix plus the suffix from
            <prefix>.suffix (hex groups such as ab:cd:56), or else the first three bytes of the MD5
            of the container's name. Each run lists containers and networks, connects what is
            missing, reports, and exits; run it from the systemd timer, by hand, or with --dry-run
            as a diff report.

            Each pair also gets an exposure verdict: whether its address answers from outside the
            host (on all ports, on the published ones, not at all, or unknown), from the engine's
            firewall, the network's gateway_mode_ipv6 and Internal, and the published ports, with
            the fix when it does not. --dry-run and --output json show it; an apply run shows it for
            what it connects and logs an unreachable address once.

            --check reports instead whether the host is ready: IPv6 forwarding, the default route,
            router advertisements with forwarding on, how each labelled network's prefix reaches
            the host (routed, or on-link with proxy NDP), the engine and its firewall, each
            network's settings, and each container's planned action and exposure, each with the
            exact fix. It makes no write call and changes nothing; run it as root in the host's
            network namespace (not under the service, whose namespace has only lo).

            Options:
              -H, --host URL           engine address, unix:///PATH or tcp://HOST:PORT
                                       (default: $DOCKER_HOST, else unix:///var/run/docker.sock)
                  --timeout SECONDS    deadline for each engine request (default: 10)
              -n, --dry-run            plan and report only; make no write call
                  --check              host readiness report: one line per check that is not ok
                                       (all of them with --log-level info), each with its fix;
                                       with --output json, every check (implies --dry-run)
                  --fix-drift          disconnect containers connected at another address and
                                       connect them at the desired one (default: report drift only)
                  --ndp-proxy          keep one proxy neighbour entry (proxy NDP) on the uplink for
                                       every address assigned inside a prefix on-link there; needs
                                       the host's network namespace and CAP_NET_ADMIN
              -o, --output FORMAT      text or json (default: text)
                  --label-prefix P     label namespace (default: ipv6.mapper)
                  --allow-network NAME only these networks may be named by labels; repeatable
                                       (default: any network)
                  --lock-file PATH     lock that keeps apply runs from overlapping (default:
                                       $RUNTIME_DIRECTORY/lock, else /run/ipv6-reconcile/lock)
                  --lock-timeout SECS  how long to wait for another run's lock (default: 30)
                  --state-file PATH    remembers logged problems, drift and unreachable addresses, so
                                       each is logged at warning level once (default: $RUNTIME_DIRECTORY/state,
                                       else /run/ipv6-reconcile/state)
                  --log-level LEVEL    error, warning, info or debug, on stderr (default: warning)
                  --info               same as --log-level info
                  --debug              same as --log-level debug
              -h, --help               show this help and exit
                  --version            show the version and exit

            Exit status:

            """
        for status in ExitStatus.allCases {
            let code = String(status.rawValue)
            text += "  " + String(repeating: " ", count: 3 - code.count) + code + "  " + status.meaning + "\n"
        }
        return text
    }
}

/// A bad command line: one line saying what is wrong.
public struct UsageError: Error, Equatable {
    /// What is wrong.
    public let message: String

    /// Wraps a message.
    init(_ message: String) { self.message = message }
}

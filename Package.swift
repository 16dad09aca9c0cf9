// swift-tools-version:6.0
// ipv6-reconcile: a one-shot, level-triggered reconciler that gives labelled Docker containers
// stable IPv6 addresses. No package dependencies by design: only what the toolchain ships.
import PackageDescription

let package = Package(
    name: "ipv6-reconcile",
    products: [
        .executable(name: "ipv6-reconcile", targets: ["ipv6-reconcile"])
    ],
    targets: [
        // Pure core: IPv6 arithmetic, MD5, label parsing, desired state, plan, reports.
        // No sockets, no clock, no Glibc.
        .target(name: "ReconcileCore"),
        // The one syscall layer (sockets, files, the process, Landlock; EINTR retried, close never) and errno.
        .target(name: "SystemCalls", dependencies: ["SystemCallShims"]),
        // The kernel calls glibc offers only as variadic functions (syscall, prctl), as fixed-arity
        // inline C wrappers for SystemCalls.
        .target(name: "SystemCallShims"),
        // Docker Engine API adapter: the transport (sockets, behind EngineTransporting), a pure
        // HTTP/1.1 codec, one function per operation, and each engine's dialect in Engine/Dialect.
        .target(name: "DockerEngine", dependencies: ["ReconcileCore", "SystemCalls"]),
        // Host adapter for --check: /proc/sys/net/ipv6 and rtnetlink (links, addresses, routes,
        // proxy neighbours), decoded into ReconcileCore's HostNetworkState, behind HostNetworkReading.
        .target(name: "HostNetwork", dependencies: ["ReconcileCore", "SystemCalls"]),
        // The run: options, survey, plan, apply, outcome, condition journal, --check; values
        // handed forward, every effect behind the adapters' protocols.
        .target(name: "Reconciler", dependencies: ["ReconcileCore", "DockerEngine", "HostNetwork", "SystemCalls"]),
        // The shell: parse, build the adapters, run, print, exit with the run's status.
        .executableTarget(name: "ipv6-reconcile", dependencies: ["Reconciler", "ReconcileCore", "DockerEngine", "HostNetwork", "SystemCalls"]),
        .testTarget(name: "ReconcileCoreTests", dependencies: ["ReconcileCore"]),
        // Test support: Captures/, real engines' answers byte for byte (see its README.md), read
        // with Capture.bytes by the wire decoding's tests and the run's scripted engine.
        .target(name: "EngineCaptures", path: "Tests/EngineCaptures", resources: [.copy("Captures")]),
        .testTarget(name: "DockerEngineTests", dependencies: ["DockerEngine", "EngineCaptures"]),
        .testTarget(name: "HostNetworkTests", dependencies: ["HostNetwork"]),
        // The run against a scripted engine and host: every branch of the survey and the applier.
        .testTarget(
            name: "ReconcilerTests", dependencies: ["Reconciler", "DockerEngine", "HostNetwork", "ReconcileCore", "SystemCalls", "EngineCaptures"]),
        // Test support: confines itself with LandlockConfiner, then tries what must work and what
        // must be refused (run by ReconcilerTests' LandlockConfinerTests in a process of its own).
        .executableTarget(name: "confinement-probe", dependencies: ["Reconciler", "ReconcileCore"], path: "Tests/ConfinementProbe"),
        // The shipped files: the systemd units (systemd-analyze, offline) and the man page.
        .testTarget(name: "PackagingTests", dependencies: ["Reconciler"]),
        // Drives the built executable against the private engines that scripts/test starts;
        // skipped by a plain `swift test`.
        .testTarget(name: "ipv6-reconcileTests", dependencies: ["ipv6-reconcile"]),
    ]
)

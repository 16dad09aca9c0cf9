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
        // The one file of syscall wrappers (EINTR retried, close never, deadlines by poll) and errno.
        .target(name: "SystemCalls"),
        // Docker Engine API adapter: sockets, HTTP/1.1 codec, one function per operation.
        .target(name: "DockerEngine", dependencies: ["ReconcileCore", "SystemCalls"]),
        // Host adapter for --check: /proc/sys/net/ipv6 and rtnetlink (links, addresses, routes,
        // proxy neighbours), decoded into ReconcileCore's HostNetworkState. Reads only.
        .target(name: "HostNetwork", dependencies: ["ReconcileCore", "SystemCalls"]),
        // Thin shell: options, observe, plan, apply unless --dry-run, report, exit status.
        .executableTarget(name: "ipv6-reconcile", dependencies: ["ReconcileCore", "DockerEngine", "HostNetwork", "SystemCalls"]),
        .testTarget(name: "ReconcileCoreTests", dependencies: ["ReconcileCore"]),
        // Captures/: real engines' answers, byte for byte (see its README.md).
        .testTarget(name: "DockerEngineTests", dependencies: ["DockerEngine"], resources: [.copy("Captures")]),
        .testTarget(name: "HostNetworkTests", dependencies: ["HostNetwork"]),
        // Drives the built executable against the private engine that scripts/test starts.
        .testTarget(name: "ipv6-reconcileTests", dependencies: ["ipv6-reconcile"]),
    ]
)

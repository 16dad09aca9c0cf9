import ReconcileCore
import SystemCalls

/// How a run confines its own file-system access (the effect; tests script it).
public protocol FileSystemConfining {
    /// Confines the process to `confinement`, for good; returns the debug line that says whether
    /// it took and how, or why not. Never fails the run: a kernel without Landlock runs unconfined.
    func confine(_ confinement: FileSystemConfinement) -> String
}

/// The kernel's Landlock: everything readable, files writable only beneath the confinement's
/// directories, nothing executable. On a kernel without it (or where a seccomp filter refuses
/// the calls) the run goes on unconfined, and says so at debug level.
public struct LandlockConfiner: FileSystemConfining {
    /// A confiner.
    public init() {}

    public func confine(_ confinement: FileSystemConfinement) -> String {
        let abi: Int
        do {
            abi = try Syscalls.landlockABIVersion()
        } catch {
            return FileSystemConfinement.notConfinedLine(because: "the kernel offers no Landlock (\(error))")
        }
        let read: Syscalls.LandlockAccess = [.readFile, .readDirectory]
        let write: Syscalls.LandlockAccess = read.union([.writeFile, .makeRegularFile, .removeFile, .truncate])
        let allowed = [(path: "/", access: read)] + confinement.writableDirectories.map { (path: $0, access: write) }
        do throws(Syscalls.LandlockFailure) {
            try Syscalls.landlockRestrict(abi: abi, allowed: allowed)
        } catch {
            return FileSystemConfinement.notConfinedLine(because: error.description)
        }
        return confinement.confinedLine(by: "Landlock ABI \(abi)")
    }
}

// confinement-probe: test support for LandlockConfinerTests. Confines itself as an apply run
// does (LandlockConfiner, writable beneath WRITABLE only), then tries what the confinement must
// allow and what it must refuse, one line each: `NAME ok` or `NAME ERRNO-TEXT`.
//
//   confinement-probe WRITABLE OTHER
import Glibc
import ReconcileCore
import Reconciler

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: confinement-probe WRITABLE OTHER")
    exit(2)
}
let writable = arguments[1], other = arguments[2]
print(LandlockConfiner().confine(FileSystemConfinement(writableDirectories: [writable])))

/// Creates (or truncates) PATH and writes a byte to it.
func create(_ path: String) -> String {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    if fd < 0 { return String(cString: strerror(errno)) }
    defer { close(fd) }
    return write(fd, "x", 1) == 1 ? "ok" : String(cString: strerror(errno))
}
print("create-inside \(create(writable + "/probe"))")
print("rename-inside \(rename(writable + "/probe", writable + "/probe2") == 0 ? "ok" : String(cString: strerror(errno)))")
print("remove-inside \(unlink(writable + "/probe2") == 0 ? "ok" : String(cString: strerror(errno)))")
print("create-outside \(create(other + "/probe"))")
print("mkdir-inside \(mkdir(writable + "/dir", 0o700) == 0 ? "ok" : String(cString: strerror(errno)))")
let readable = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
print("read-anywhere \(readable >= 0 ? "ok" : String(cString: strerror(errno)))")
var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
execv("/bin/true", &argv)
print("exec \(String(cString: strerror(errno)))")

import ReconcileCore
import Reconciler

/// A stand-in for the kernel's Landlock: records each confinement asked for and answers with
/// `line`, so that the run's tests never confine the test process itself.
final class ScriptedConfiner: FileSystemConfining, @unchecked Sendable {
    /// The confinements asked for, in order.
    private(set) var asked: [FileSystemConfinement] = []
    /// The debug line it answers.
    let line: String

    init(line: String = "file system confined (scripted)") { self.line = line }

    func confine(_ confinement: FileSystemConfinement) -> String {
        asked.append(confinement)
        return line
    }
}

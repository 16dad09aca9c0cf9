import HostNetwork
import ReconcileCore

/// A stand-in for the host's read effect: one state, or one failure.
struct ScriptedHost: HostNetworkReading {
    let answer: Result<HostNetworkState, HostReadError>

    func read() throws(HostReadError) -> HostNetworkState { try answer.get() }
}

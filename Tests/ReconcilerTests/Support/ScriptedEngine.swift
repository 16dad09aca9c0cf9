import DockerEngine
import EngineCaptures
import ReconcileCore
import Synchronization

/// A stand-in for the engine's one effect (`EngineTransporting`): it answers each request from a
/// script, by method and path (the `/vX.Y` prefix and the query left out), and records every
/// request, so that a test asserts exactly what was asked and written. A route may hold several
/// answers, given in turn (the last one repeats); a request no route answers gets a 404 that
/// names it, and is recorded like the rest.
final class ScriptedEngine: EngineTransporting, Sendable {
    /// One answer: a response, or the transport failure (`.timeout`, ...) of an engine gone away.
    enum Answer: Sendable {
        case response(HTTPResponse)
        case failure(EngineError.Cause)

        /// A 200 (or `status`) with a JSON body.
        static func json(_ text: String, status: Int = 200) -> Answer {
            .response(HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8)))
        }

        /// A 200 whose body is a captured engine answer (see Tests/EngineCaptures/Captures/README.md).
        static func capture(_ path: String) throws -> Answer {
            .response(HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: try Capture.bytes(path)))
        }

        /// An error status with the engine's `{"message": ...}` body.
        static func error(_ status: Int, _ message: String) -> Answer {
            .json("{\"message\":\(jsonStringLiteral(message))}", status: status)
        }

        /// A 2xx with no body, as a connect or disconnect is answered.
        static let ok = Answer.response(HTTPResponse(status: 200, headers: [], body: []))

        /// No complete answer within the deadline: the engine is gone.
        static let timeout = Answer.failure(.timeout(seconds: 10))
    }

    /// One request as it reached the engine.
    struct Request: Hashable, Sendable, CustomStringConvertible {
        var method: String
        /// The whole target, version prefix and query included.
        var target: String
        var body: String?

        /// `GET /v1.51/networks` (the query left out).
        var line: String { "\(method) \(target.split(separator: "?", maxSplits: 1).first ?? "")" }
        var description: String { line + (body.map { " " + $0 } ?? "") }
    }

    private struct State {
        var routes: [String: [Answer]] = [:]
        var requests: [Request] = []
    }

    let endpoint = EngineEndpoint.unix(path: "/run/scripted-engine.sock")
    private let state = Mutex(State())

    /// An engine whose ping says API `api` and, for Podman, its `Libpod-Api-Version`.
    init(api: String = "1.51", podman: String? = nil) {
        var headers = [("Api-Version", api)]
        if let podman { headers.append(("Libpod-Api-Version", podman)) }
        answer("GET", "/_ping", .response(HTTPResponse(status: 200, headers: headers, body: Array("OK".utf8))))
    }

    /// Answers `method path` (no version prefix, no query) with `answers` in turn.
    func answer(_ method: String, _ path: String, _ answers: Answer...) {
        state.withLock { $0.routes["\(method) \(path)"] = answers }
    }

    /// Every request so far, in order.
    var requests: [Request] { state.withLock { $0.requests } }
    /// Every request's method and path, in order.
    var lines: [String] { requests.map(\.line) }
    /// The POSTs, with their bodies.
    var writes: [Request] { requests.filter { $0.method == "POST" } }

    func perform(_ request: HTTPRequest) throws(EngineError) -> HTTPResponse {
        let recorded = Request(method: request.method, target: request.target, body: request.body.map { String(decoding: $0, as: UTF8.self) })
        let key = "\(request.method) \(Self.route(request.target))"
        let answer: Answer? = state.withLock { state in
            state.requests.append(recorded)
            guard var answers = state.routes[key], let first = answers.first else { return nil }
            if answers.count > 1 {
                answers.removeFirst()
                state.routes[key] = answers
            }
            return first
        }
        switch answer {
        case .response(let response)?: return response
        case .failure(let cause)?: throw EngineError(endpoint: endpoint, operation: recorded.line, cause: cause)
        case nil:
            let body = "{\"message\":\(jsonStringLiteral("the script has no answer for \(key)"))}"
            return HTTPResponse(status: 404, headers: [], body: Array(body.utf8))
        }
    }

    /// The path without its query and without a leading `/v1.51` or `/v4.3.1`.
    static func route(_ target: String) -> String {
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        // "/v1.51/networks" splits into "", "v1.51/networks".
        guard parts.count == 2, let rest = parts.last, rest.first == "v",
            let slash = rest.firstIndex(of: "/"), rest[rest.index(after: rest.startIndex)..<slash].allSatisfy({ $0.isNumber || $0 == "." })
        else { return path }
        return String(rest[slash...])
    }
}

import FinancingAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// Holds a `grpc.health.v1.Health/Watch` stream open on one port for the whole run. A server that
/// crashed or restarted ends the stream, so a stream still open at the end proves the process
/// lived through the run without any process id to compare.
final class HealthSentinel: Sendable {
    private struct State {
        var statuses: [String] = []
        var ended: String?
        var stopping = false
    }

    let port: String
    private let state = Mutex(State())

    init(port: String) { self.port = port }

    /// Watches until cancelled.
    func run(_ client: GRPCClient<HTTP2ClientTransport.Posix>) async {
        let health = Grpc_Health_V1_Health.Client(wrapping: client)
        do {
            try await health.watch(Grpc_Health_V1_HealthCheckRequest()) { response in
                for try await message in response.messages {
                    let status = "\(message.status)"
                    self.state.withLock { state in
                        if state.statuses.last != status { state.statuses.append(status) }
                    }
                }
            }
            end("the server ended the stream")
        } catch {
            end("\(error)")
        }
    }

    /// Marks the coming cancellation as ours, not the server's.
    func stop() { state.withLock { $0.stopping = true } }

    /// nil while the stream is open; why it ended otherwise.
    var ended: String? { state.withLock { $0.ended } }
    /// The distinct statuses seen, in order (e.g. `serving`).
    var statuses: [String] { state.withLock { $0.statuses } }

    private func end(_ reason: String) {
        state.withLock { state in
            if !state.stopping, state.ended == nil { state.ended = reason }
        }
    }
}

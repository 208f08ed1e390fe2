import EventSourcing
import Synchronization

/// A publisher whose first publish carrying `heldKey` does not return until the test decides how
/// it ends: acknowledged, or failed as a broker outage would fail it. Every other publish, and that
/// key's later ones, is acknowledged at once. It records what was acknowledged, in order.
final class HeldPublisher: MessagePublisher, Sendable {
    private struct State {
        var acknowledged: [OutgoingMessage] = []
        var holding = false
        var held = false
        var verdict: CheckedContinuation<Bool, Never>?
    }

    private let heldKey: String
    private let state = Mutex(State())

    init(holding heldKey: String) {
        self.heldKey = heldKey
    }

    func publish(_ messages: [OutgoingMessage]) async throws(MessagingError) {
        let hold = state.withLock { state in
            guard !state.held, messages.contains(where: { $0.key == heldKey }) else { return false }
            state.held = true
            return true
        }
        if hold {
            let acknowledged = await withCheckedContinuation { continuation in
                state.withLock { state in
                    state.verdict = continuation
                    state.holding = true
                }
            }
            guard acknowledged else { throw MessagingError("the test failed this publish") }
        }
        state.withLock { $0.acknowledged += messages }
    }

    /// Whether the held publish is waiting for its verdict.
    var isHolding: Bool { state.withLock { $0.holding } }

    var acknowledged: [OutgoingMessage] { state.withLock { $0.acknowledged } }

    /// Ends the held publish: acknowledged (`true`) or failed.
    func release(acknowledging: Bool) {
        let verdict = state.withLock { state in
            state.holding = false
            defer { state.verdict = nil }
            return state.verdict
        }
        verdict?.resume(returning: acknowledging)
    }
}

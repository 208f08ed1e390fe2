import Synchronization

/// A one-shot slot for one message's delivery report, shared by the sender and librdkafka's callback.
///
/// The report can arrive before the sender starts waiting (the poll thread is fast), so the outcome is
/// stored until a waiter takes it instead of requiring the continuation to exist at produce time.
final class DeliveryPromise: Sendable {
    /// Where the message landed, or why it did not.
    typealias Outcome = Result<(partition: Int32, offset: Int64), KafkaError>

    private enum State {
        case pending
        case waiting(CheckedContinuation<Outcome, Never>)
        case done(Outcome)
    }

    private let state = Mutex<State>(.pending)

    /// Records the outcome and resumes the waiter if there is one; later calls are ignored.
    func fulfil(_ outcome: Outcome) {
        let waiter: CheckedContinuation<Outcome, Never>? = state.withLock { state in
            switch state {
            case .pending:
                state = .done(outcome)
                return nil
            case .waiting(let continuation):
                state = .done(outcome)
                return continuation
            case .done:
                return nil
            }
        }
        waiter?.resume(returning: outcome)
    }

    /// Suspends until the outcome is known; must be called at most once.
    func wait() async -> Outcome {
        await withCheckedContinuation { continuation in
            let ready: Outcome? = state.withLock { state in
                switch state {
                case .pending, .waiting:
                    state = .waiting(continuation)
                    return nil
                case .done(let outcome):
                    return outcome
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

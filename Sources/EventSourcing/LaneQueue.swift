import Synchronization

/// The messages waiting for one lane of `ConsumerLoop`. The poller appends; the lane takes every
/// waiting message (up to a bound) at once, so a lane that fell behind catches up in batches, while
/// a lane that keeps up takes its messages one by one as they come.
final class LaneQueue: Sendable {
    private struct State {
        var waiting: [IncomingMessage] = []
        var finished = false
        var taker: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func append(_ message: IncomingMessage) {
        let taker = state.withLock { state in
            state.waiting.append(message)
            defer { state.taker = nil }
            return state.taker
        }
        taker?.resume()
    }

    /// No more messages will come: the lane ends once it took the waiting ones.
    func finish() {
        let taker = state.withLock { state in
            state.finished = true
            defer { state.taker = nil }
            return state.taker
        }
        taker?.resume()
    }

    /// The oldest waiting messages, at most `limit`, in the order they came; waits while none is
    /// waiting; nil once finished and empty. One taker at a time (the lane).
    func take(upTo limit: Int) async -> [IncomingMessage]? {
        while true {
            let batch: [IncomingMessage]?? = state.withLock { state in
                if !state.waiting.isEmpty {
                    let count = min(limit, state.waiting.count)
                    defer { state.waiting.removeFirst(count) }
                    return .some(Array(state.waiting.prefix(count)))
                }
                return state.finished ? .some(nil) : nil
            }
            if let batch { return batch }
            await withCheckedContinuation { (taker: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    guard state.waiting.isEmpty && !state.finished else { return true }
                    state.taker = taker
                    return false
                }
                if ready { taker.resume() }
            }
        }
    }
}

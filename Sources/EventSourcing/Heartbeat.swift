import Synchronization

/// Whether a long-running loop (a consumer, an event-store follower) is still doing its work, for
/// readiness: a loop that stopped turning, or work that stays unfinished for longer than `patience`
/// (a message retried for ever, a call that never returns), makes the process not ready, and says so.
///
/// The loop reports; readiness asks. Reports are cheap (one lock, no allocation), so a loop may
/// report on every turn.
public final class Heartbeat: Sendable {
    private struct State {
        var lastTurn: ContinuousClock.Instant
        var lastCompletion: ContinuousClock.Instant
        var unfinished = 0
    }

    /// Names the loop in readiness and logs (`handler`, `projector`, …).
    public let name: String
    /// How long the loop may go without turning, or hold work without finishing any, before it counts as wedged.
    public let patience: Duration
    private let state: Mutex<State>

    public init(name: String, patience: Duration = .seconds(30)) {
        self.name = name
        self.patience = patience
        let now = ContinuousClock.now
        state = Mutex(State(lastTurn: now, lastCompletion: now))
    }

    /// The loop came round once (a poll returned, with or without work).
    public func turned() {
        let now = ContinuousClock.now
        state.withLock { $0.lastTurn = now }
    }

    /// `count` pieces of work were taken on.
    public func took(_ count: Int = 1) {
        let now = ContinuousClock.now
        state.withLock { state in
            // Idle until now: the clock for finishing starts with this work, not with the last completion.
            if state.unfinished == 0 { state.lastCompletion = now }
            state.unfinished += count
        }
    }

    /// `count` pieces of work were finished (their effects durable, or parked).
    public func finished(_ count: Int = 1) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.unfinished = max(0, state.unfinished - count)
            state.lastCompletion = now
        }
    }

    /// nil while the loop keeps turning and finishing what it took; otherwise what is wrong.
    public func problem(now: ContinuousClock.Instant = .now) -> String? {
        let state = state.withLock { $0 }
        let still = now - state.lastTurn
        if still > patience { return "\(name) has not turned for \(still.components.seconds) s" }
        let stuck = now - state.lastCompletion
        if state.unfinished > 0, stuck > patience {
            return "\(name) holds \(state.unfinished) unfinished for \(stuck.components.seconds) s"
        }
        return nil
    }
}

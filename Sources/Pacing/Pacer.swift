import Synchronization

/// Spaces clients' sends evenly at a fixed rate (an open loop): every send takes the next slot
/// of one schedule shared by all clients and waits for the slot's time. A slot whose time has
/// already passed (every client was busy) is sent at once, so a service that keeps up sees exactly
/// the rate, and one that does not shows it in the achieved rate.
///
/// Why: in a closed loop the outcome poll releases pending commands in bursts every poll, and the
/// latency measured at a given throughput then includes queueing behind the bench's own bursts.
public final class Pacer: Sendable {
    private let start: ContinuousClock.Instant
    private let interval: Duration
    private let nextSlot = Mutex(0)

    public init(perSecond rate: Int, start: ContinuousClock.Instant) {
        precondition(rate > 0, "a pacer needs a positive rate")
        self.start = start
        self.interval = .nanoseconds(1_000_000_000 / Int64(rate))
    }

    /// Takes the next slot of the schedule and returns its time.
    public func takeSlot() -> ContinuousClock.Instant {
        let slot = nextSlot.withLock { next in
            defer { next += 1 }
            return next
        }
        return start + interval * slot
    }

    /// Takes the next slot and waits for its time.
    public func waitForSlot() async {
        let time = takeSlot()
        if time > .now { try? await Task.sleep(until: time, clock: .continuous) }
    }
}

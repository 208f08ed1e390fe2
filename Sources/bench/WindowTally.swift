/// What the clients of a closed-loop phase counted inside its window: a call counts only when it began after
/// the warm-up and finished before the end, so neither the ramp-up nor the calls cut off by the end skew the
/// rate or the latencies. Each client keeps its own tally and merges it once, at the end.
struct WindowTally: Sendable {
    let measureFrom: ContinuousClock.Instant
    let end: ContinuousClock.Instant
    private(set) var succeeded = 0
    private(set) var failures = 0
    /// Microseconds of every successful call.
    private(set) var latencies: [Int64] = []

    init(startingAt start: ContinuousClock.Instant, warmUp: Duration, duration: Duration) {
        measureFrom = start + warmUp
        end = start + warmUp + duration
    }

    mutating func record(began: ContinuousClock.Instant, finished: ContinuousClock.Instant, succeeded: Bool) {
        guard began >= measureFrom, finished <= end else { return }
        if succeeded {
            self.succeeded += 1
            latencies.append(PostgresAppendBaseline.micros(began.duration(to: finished)))
        } else {
            failures += 1
        }
    }

    mutating func merge(_ other: WindowTally) {
        succeeded += other.succeeded
        failures += other.failures
        latencies += other.latencies
    }
}

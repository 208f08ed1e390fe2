/// A condition that did not hold before its deadline.
struct DeadlinePassed: Error, CustomStringConvertible {
    let what: String
    let deadline: Duration
    let lastObservation: String

    var description: String { "\(what) did not happen within \(deadline); last seen: \(lastObservation)" }
}

/// Polls `probe` until it returns a value, and returns it; throws `DeadlinePassed` at the deadline.
///
/// The probe returns nil (or throws) while the outcome is not there yet; the last thing it said is
/// kept for the failure message. Polling, not sleeping: the test goes on as soon as the stack is done.
func eventually<Value>(
    _ what: String,
    within deadline: Duration = StackEnvironment.deadline,
    every interval: Duration = .milliseconds(100),
    _ probe: () async throws -> Value?
) async throws -> Value {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    var lastObservation = "nothing yet"
    while true {
        do {
            if let value = try await probe() { return value }
            lastObservation = "not yet"
        } catch {
            lastObservation = "\(error)"
        }
        guard clock.now < end else {
            throw DeadlinePassed(what: what, deadline: deadline, lastObservation: lastObservation)
        }
        try await Task.sleep(for: interval)
    }
}

/// Polls `probe` until its value passes `check` and returns it; at the deadline returns the last value
/// (so the caller's `#expect` shows what was there) or rethrows the last error when there was none.
func settled<Value>(
    within deadline: Duration = StackEnvironment.deadline,
    every interval: Duration = .milliseconds(100),
    _ probe: () async throws -> Value,
    until check: (Value) -> Bool
) async throws -> Value {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while true {
        let last: Result<Value, any Error>
        do {
            let value = try await probe()
            if check(value) { return value }
            last = .success(value)
        } catch {
            last = .failure(error)
        }
        if clock.now >= end { return try last.get() }
        try await Task.sleep(for: interval)
    }
}

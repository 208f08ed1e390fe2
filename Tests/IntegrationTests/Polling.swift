/// The condition did not hold before the deadline.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let what: String
    let after: Duration

    var description: String { "timed out after \(after) waiting until \(what)" }
}

/// Polls `condition` every `interval` until it holds; throws `DeadlineExceeded` after `timeout`.
func waitUntil(
    _ what: String, timeout: Duration = .seconds(20), interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try await condition() { return }
        guard clock.now < deadline else { throw DeadlineExceeded(what: what, after: timeout) }
        try await Task.sleep(for: interval)
    }
}

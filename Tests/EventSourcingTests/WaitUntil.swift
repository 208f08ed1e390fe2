import Testing

/// Polls `condition` every 5 ms until it holds; fails after `timeout`.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        try #require(ContinuousClock.now < deadline, "condition not met within \(timeout)")
        try await Task.sleep(for: .milliseconds(5))
    }
}

import Logging

/// Ends a load that stopped moving: when no request was answered for `limit`, it cancels the
/// load (the calls still waiting end CANCELLED and count against their cases) and says so. It
/// stands in for a deadline per call, which costs the client a timer task on every request.
struct StallWatchdog: Sendable {
    let tally: Tally
    let limit: Duration
    let logger: Logger

    /// Watches until cancelled; returns whether it had to stop the load.
    func run(stopping load: Task<Void, Never>) async -> Bool {
        var last = tally.totals.sent
        var movedAt = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let sent = tally.totals.sent
            if sent != last {
                last = sent
                movedAt = ContinuousClock.now
            } else if ContinuousClock.now - movedAt >= limit {
                logger.error(
                    "no request answered for a while: stopping the load",
                    metadata: ["sent": "\(sent)", "seconds": "\(limit.components.seconds)"])
                load.cancel()
                return true
            }
        }
        return false
    }
}

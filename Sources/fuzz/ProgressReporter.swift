import Foundation
import Logging

/// Logs sent, non-OK and the rate every `interval` while the load runs.
struct ProgressReporter: Sendable {
    let tally: Tally
    let total: Int
    let interval: Duration
    let logger: Logger

    func run() async {
        let start = ContinuousClock.now
        var lastSent = 0
        var lastTime = start
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            let now = ContinuousClock.now
            let (sent, nonOK, probes) = tally.totals
            let rate = Double(sent - lastSent) / Self.seconds(now - lastTime)
            logger.info(
                "progress",
                metadata: [
                    "sent": "\(sent)/\(total)", "non_ok": "\(nonOK)", "probes": "\(probes)",
                    "rate_per_s": "\(Int(rate.rounded()))",
                    "elapsed_s": "\(Int(Self.seconds(now - start).rounded()))",
                ])
            lastSent = sent
            lastTime = now
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

import Foundation
import Synchronization

/// Prints a progress line about once a second on stderr while the load and the drain run.
final class ProgressReporter: Sendable {
    private let tracker: CommandTracker
    private let feed: any EventFeed
    private let watcher: ProjectionWatcher
    private let start: ContinuousClock.Instant
    private let ticks = Mutex<[ProgressTick]>([])

    init(tracker: CommandTracker, feed: any EventFeed, watcher: ProjectionWatcher, start: ContinuousClock.Instant) {
        self.tracker = tracker
        self.feed = feed
        self.watcher = watcher
        self.start = start
    }

    var timeline: [ProgressTick] { ticks.withLock { $0 } }

    /// Reports until the task is cancelled.
    func run(phase: String) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if Task.isCancelled { return }
            report(phase: phase)
        }
    }

    func report(phase: String) {
        let progress = tracker.progress
        let tick = ProgressTick(
            elapsedS: Self.seconds(start.duration(to: .now)), phase: phase, accepted: progress.accepted,
            processed: progress.processed, pending: progress.pending, errors: progress.errors,
            eventsReceived: feed.receivedCount, projectionPending: watcher.pendingCount)
        let previous = ticks.withLock { ticks in
            defer { ticks.append(tick) }
            return ticks.last
        }
        let span = previous.map { tick.elapsedS - $0.elapsedS } ?? tick.elapsedS
        let acceptedRate = Double(tick.accepted - (previous?.accepted ?? 0)) / max(span, 0.001)
        let processedRate = Double(tick.processed - (previous?.processed ?? 0)) / max(span, 0.001)
        let line =
            String(format: "[%6.1fs ", tick.elapsedS) + phase
            + String(
                format: "] accepted %d (%.0f/s)  processed %d (%.0f/s)  pending %d  errors %d  events %d"
                    + "  projection pending %d\n",
                tick.accepted, acceptedRate, tick.processed, processedRate, tick.pending, tick.errors,
                tick.eventsReceived, tick.projectionPending)
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

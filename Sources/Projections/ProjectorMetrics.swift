import EventSourcing
import Metrics

import struct Foundation.Date

/// How far the read models trail the event store: for each applied domain event, the time from
/// its commit (`recorded_at`) to its projection, which is what a reader of the Queries API waits for.
/// And what the projector had to skip or heal.
public struct ProjectorMetrics: Sendable {
    private let factory: any MetricsFactory
    private let projector: String

    /// Records through `factory`; `projector` names this projection in the labels.
    public init(projector: String = "read_models", factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        self.projector = projector
    }

    /// An event committed at `recordedAt` was applied now.
    func applied(recordedAt: Date?) {
        guard let recordedAt else { return }
        // Clocks of the database server and this host differ a little: never report a negative lag.
        let seconds = max(0, Date().timeIntervalSince(recordedAt))
        Timer(label: "financing_projection_lag_seconds", dimensions: [("projector", projector)], factory: factory)
            .record(duration: .milliseconds(Int64(seconds * 1000)))
        Gauge(label: "financing_projection_last_lag_seconds", dimensions: [("projector", projector)], factory: factory)
            .record(seconds)
    }

    /// `count` events were applied from a stream's history to a row that had missed them.
    func healed(count: Int) {
        Counter(
            label: "financing_projector_healed_events_total", dimensions: [("projector", projector)], factory: factory
        )
        .increment(by: count)
    }

    /// `count` rows were found behind with nothing to heal them from.
    func gap(count: Int) {
        Counter(label: "financing_projector_gaps_total", dimensions: [("projector", projector)], factory: factory)
            .increment(by: count)
    }

    /// A message no projection can read was skipped.
    func skipped() {
        Counter(label: "financing_projector_skipped_total", dimensions: [("projector", projector)], factory: factory)
            .increment()
    }
}

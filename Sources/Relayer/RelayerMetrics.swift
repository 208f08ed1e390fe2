import EventSourcing
import Foundation
import Metrics

/// The relay's lag, as the active relayer sees it each poll: how many committed events wait for
/// the bus and how long the oldest has waited. Both stay near zero while it keeps up.
public struct RelayerMetrics: Sendable {
    private let factory: any MetricsFactory

    /// Records through `factory`; the process-wide `MetricsSystem` unless a test passes its own.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    func backlog(_ backlog: OutboxBacklog) {
        Gauge(label: "financing_outbox_unpublished_events", factory: factory).record(backlog.unpublished)
        let age = backlog.oldestAge.components
        Gauge(label: "financing_outbox_oldest_unpublished_age_seconds", factory: factory)
            .record(Double(age.seconds) + Double(age.attoseconds) / 1e18)
    }

    /// Which copy publishes (1) and which stand by (0), and when the role began (Unix seconds):
    /// an operator sees who leads, and a takeover can be timed from outside without a log's
    /// one-second resolution.
    func role(leading: Bool, since: Date) {
        Gauge(label: "financing_relayer_leader", factory: factory).record(leading ? 1 : 0)
        Gauge(label: "financing_relayer_role_since_seconds", factory: factory).record(since.timeIntervalSince1970)
    }

    func published(_ count: Int) {
        Counter(label: "financing_relayer_published_events_total", factory: factory).increment(by: count)
    }

    /// How long one step of a relay took: `read` (the outbox and the lock check), `publish` (until the broker
    /// acknowledged the batch) or `mark`. Their sum is the cycle that a commit waits behind.
    func step(_ step: String, took duration: Duration) {
        Timer(label: "financing_relayer_step_seconds", dimensions: [("step", step)], factory: factory)
            .record(duration: duration)
    }
}

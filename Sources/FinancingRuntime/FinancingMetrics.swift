import EventSourcing
import Metrics
import Prometheus

/// The process's metrics backend: the components record through swift-metrics, and this
/// Prometheus registry collects it all for `GET /metrics`.
package enum FinancingMetrics {
    /// The registry everything records into; the first use bootstraps `MetricsSystem` with it
    /// (which may happen only once per process).
    package static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Counts of messages, not seconds: the default buckets (0.005 … 10) would put every batch in one.
        factory.valueHistogramBuckets[ConsumerLoop.batchSizeMetric] = [1, 2, 4, 8, 16, 32, 64]
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}

import Metrics
import Prometheus

/// The process's metrics backend: the components record through swift-metrics, and this
/// Prometheus registry collects it all for `GET /metrics`.
package enum FinancingMetrics {
    /// The registry everything records into; the first use bootstraps `MetricsSystem` with it
    /// (which may happen only once per process).
    package static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

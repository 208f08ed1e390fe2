import Metrics

/// What the load → decide → append loop reports: how often another writer got in between.
///
/// A steady rate of retries means contention on hot aggregates; a rising one, too many writers.
public struct CommandExecutorMetrics: Sendable {
    private let factory: any MetricsFactory

    /// Records through `factory`; the process-wide `MetricsSystem` unless a test passes its own.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// An append lost the optimistic-concurrency race and the command is decided again.
    func concurrencyRetry(aggregateType: String) {
        Counter(
            label: "financing_concurrency_retries_total", dimensions: [("aggregate_type", aggregateType)],
            factory: factory
        ).increment()
    }
}

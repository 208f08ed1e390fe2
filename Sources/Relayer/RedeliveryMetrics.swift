import Metrics

/// What the redelivery sweep reports: commands still waiting for an outcome, commands it put on the
/// bus again, and dead letters it copied to their topics.
public struct RedeliveryMetrics: Sendable {
    private let factory: any MetricsFactory

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Accepted commands without an outcome at the last sweep (at most one page).
    func pending(_ count: Int) {
        Gauge(label: "financing_commands_awaiting_outcome", factory: factory).record(count)
    }

    func redelivered(_ count: Int) {
        Counter(label: "financing_commands_redelivered_total", factory: factory).increment(by: count)
    }

    func deadLettersRelayed(_ count: Int) {
        Counter(label: "financing_dead_letters_relayed_total", factory: factory).increment(by: count)
    }
}

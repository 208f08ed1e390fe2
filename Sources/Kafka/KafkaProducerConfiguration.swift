/// Settings for a `KafkaProducer`.
public struct KafkaProducerConfiguration: Sendable {
    /// Comma-separated `host:port` bootstrap list (`bootstrap.servers`).
    public var brokers: String
    /// The `client.id` the broker sees in its logs and quotas.
    public var clientID: String = "financing"
    /// Extra librdkafka properties, applied last so they override the defaults.
    public var properties: [String: String] = [:]

    /// Creates a configuration for the given bootstrap brokers.
    public init(brokers: String) {
        self.brokers = brokers
    }

    /// The full property list in application order: defaults, then `properties`.
    var librdkafkaProperties: [(String, String)] {
        [
            ("bootstrap.servers", brokers),
            ("client.id", clientID),
            // Idempotence gives per-partition ordering and no duplicates across internal retries.
            ("enable.idempotence", "true"),
            ("acks", "all"),
            // A short linger lets batches form under load while adding at most 2 ms when idle.
            ("linger.ms", "2"),
        ] + properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

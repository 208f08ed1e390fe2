/// Raw Kafka produce throughput in one mode, with the project's idempotent acks=all producer.
struct ProduceBaselineResult: Codable, Sendable {
    /// `concurrent_sends` (one message per send, like the listener) or `batches` (like the relayer).
    let mode: String
    let concurrency: Int
    let batchSize: Int
    let messages: Int
    let messagesPerS: Double
    let messageBytes: Int
    let failures: Int
    /// Per send (concurrent mode) or per batch (batch mode).
    let latency: LatencySummary
}

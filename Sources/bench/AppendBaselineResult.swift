/// The event store's ceiling at one connection count: optimistic appends without the service.
struct AppendBaselineResult: Codable, Sendable {
    let connections: Int
    let transactions: Int
    let transactionsPerS: Double
    /// Appends whose UPDATE found another version: 0 expected, each connection owns its stream.
    let conflicts: Int
    let latency: LatencySummary
}

/// Everything one run measured: written as JSON and rendered as the table.
struct BenchReport: Codable, Sendable {
    /// How each figure was obtained, in words.
    let method: [String: String]
    let configuration: RunConfiguration
    let load: LoadFigures
    let latency: LatencyFigures
    /// The broker's acknowledgements of an outside producer during the load; nil when not probed.
    let brokerAckProbe: BrokerAckProbeResult?
    let store: StoreFigures
    let baselines: Baselines
    /// The same bids sent to the running service over gRPC, then over HTTP/JSON; empty when skipped.
    let edges: [EdgeResult]
    /// The service's figures divided by the baselines'.
    let ratios: [String: Double]
    /// Commands processed per second / raw optimistic appends per second at the service's pool size.
    let processedToCeilingRatio: Double?
    let processes: [ProcessUsage]
    let aggregateLoading: AggregateLoadResult?
    let timeline: [ProgressTick]
}

/// What `BrokerAckProbe` measured: send → acknowledgement of an outside producer during the load.
struct BrokerAckProbeResult: Codable, Sendable {
    /// Messages per second, evenly spaced.
    let rate: Int
    let topic: String
    let messageBytes: Int
    let failures: Int
    /// Over the whole load.
    let latency: LatencySummary
    /// Length of each window of `windows`, from the start of the load.
    let windowS: Int
    /// The same, window by window: whether the broker's answers slow down as its log grows.
    let windows: [LatencySummary]
}

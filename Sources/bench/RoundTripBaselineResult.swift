/// The gRPC transport's ceiling: unary `BidOnInvoice` calls answered by a server that does no work.
struct RoundTripBaselineResult: Codable, Sendable {
    /// Calls in flight at once, over one HTTP/2 connection like the load's clients.
    let concurrency: Int
    /// Whether each call carried a bearer token the server verified (nil in runs from before tokens).
    let verifiesTokens: Bool?
    let calls: Int
    let callsPerS: Double
    /// CPU the bench process (client and server both) used while measuring, in cores.
    let cores: Double
    let failures: Int
    let latency: LatencySummary
}

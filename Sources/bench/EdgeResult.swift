/// One edge of the running service taking the same command: how many it accepted per second and how
/// long each answer took.
struct EdgeResult: Codable, Sendable {
    /// `grpc` (port 8080) or `http` (port 8082).
    let edge: String
    /// The call, as a user of that edge writes it.
    let request: String
    let clients: Int
    let accepted: Int
    let acceptedPerS: Double
    let failures: Int
    /// Request sent -> the edge's answer (gRPC response or HTTP 202).
    let latency: LatencySummary
    /// Seconds after the window until the handler had recorded every outcome of the phase.
    let settleS: Double
}

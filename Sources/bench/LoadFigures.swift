/// Throughput and outcomes of the commands sent during the load window.
struct LoadFigures: Codable, Sendable {
    let durationS: Double
    let accepted: Int
    /// Commands the listener accepted (gRPC OK) per second of the window.
    let acceptedPerS: Double
    /// Accepted commands whose outcome's `completed_at` falls inside the window.
    let processedInWindow: Int
    /// processedInWindow / durationS: the service's sustained processing rate.
    let processedPerS: Double
    /// Accepted commands with an outcome by the end of the drain.
    let processedTotal: Int
    /// From the end of the load until the last outcome (or the drain deadline).
    let drainS: Double
    let succeeded: Int
    let rejected: Int
    /// Rejection reasons up to their first ':' (e.g. "insufficient balance").
    let rejectionReasons: [String: Int]
    /// Accepted commands per kind (the mix as actually sent, after fallbacks to sales).
    let acceptedByKind: [String: Int]
    /// Failed requests by kind and gRPC status.
    let errors: [String: Int]
    /// Still unknown at the drain deadline: outcomes, first events of succeeded commands, read-model rows.
    let missingOutcomes: Int
    let missingFirstEvents: Int
    let missingProjections: Int
}

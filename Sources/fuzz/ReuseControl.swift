import Foundation

/// A valid command sent once with a request_id before the load, so the load can reuse that
/// request_id with a different payload.
struct ReuseControl: Sendable {
    let endpoint: Endpoint
    let requestID: UUID
    /// The aggregate it targets (an invoice for a sale, the investor for a bid).
    let target: UUID
}

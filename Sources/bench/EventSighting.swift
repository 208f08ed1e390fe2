import struct Foundation.UUID

/// One event of `financing.events` as the bench learns of it, from the bus or from the event store.
struct EventSighting: Sendable {
    /// The command named by the event's traceparent (every event a command causes carries it).
    let commandID: UUID?
    let aggregateType: String
    let aggregateID: UUID
    let version: Int
    let eventType: String
    /// When the event was on the bus, µs since the epoch: its arrival at the bench's consumer, or the
    /// relayer's `published_at` (right after the broker acknowledged it).
    let atMicros: Int64
}

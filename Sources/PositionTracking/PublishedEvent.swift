import struct Foundation.UUID

/// An event of the event store once the relayer marked it published.
public struct PublishedEvent: Sendable, Equatable {
    public let position: Int64
    public let aggregateType: String
    public let aggregateID: UUID
    public let version: Int
    public let eventType: String
    public let traceparent: String?
    /// `published_at`, µs since the epoch: set right after the broker acknowledged the event.
    public let publishedMicros: Int64
}

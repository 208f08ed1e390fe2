import struct Foundation.Date
import struct Foundation.UUID

/// An event as the event store holds it: committed, numbered globally and within its stream.
public struct RecordedEvent: Sendable, Hashable {
    /// Global order of commits (PostgreSQL `bigserial`); not gap-free, never reused.
    public let position: Int64
    /// Unique id of the event; the `message_id` it is published with.
    public let eventID: UUID
    public let stream: StreamID
    /// 1-based, contiguous within the stream.
    public let version: Int
    /// The `message_type`.
    public let type: String
    public let schemaVersion: Int
    /// JSON object, as published.
    public let payload: [UInt8]
    /// The message whose handling produced the event.
    public let causationID: UUID?
    /// W3C trace context of the message that caused it.
    public let traceparent: String?
    /// When it was committed; nil for an event that never came from a store.
    public let recordedAt: Date?

    public init(
        position: Int64, eventID: UUID, stream: StreamID, version: Int, type: String, schemaVersion: Int = 1,
        payload: [UInt8], causationID: UUID? = nil, traceparent: String? = nil, recordedAt: Date? = nil
    ) {
        self.position = position
        self.eventID = eventID
        self.stream = stream
        self.version = version
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.causationID = causationID
        self.traceparent = traceparent
        self.recordedAt = recordedAt
    }
}

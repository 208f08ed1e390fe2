import struct Foundation.UUID

/// Turns one aggregate's events into their wire form and back. A value, not a protocol, so the
/// domain's types need no conformance to anything outside the domain.
public struct EventCodec<Event: Sendable>: Sendable {
    /// The wire form of an event of the aggregate with that id (payloads name their aggregate).
    public let encode: @Sendable (_ aggregateID: UUID, Event) -> EncodedEvent
    /// The event a stored or received message holds; throws when it cannot be read.
    public let decode: @Sendable (_ type: String, _ payload: [UInt8]) throws -> Event

    public init(
        encode: @escaping @Sendable (_ aggregateID: UUID, Event) -> EncodedEvent,
        decode: @escaping @Sendable (_ type: String, _ payload: [UInt8]) throws -> Event
    ) {
        self.encode = encode
        self.decode = decode
    }
}

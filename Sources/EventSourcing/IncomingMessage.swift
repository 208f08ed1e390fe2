import CanonicalUUID
import struct Foundation.UUID

/// A message received from the broker, with where it came from so it can be acknowledged.
public struct IncomingMessage: Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: String?
    public let payload: [UInt8]
    public let headers: [MessageHeader]

    public init(
        topic: String, partition: Int32, offset: Int64, key: String?, payload: [UInt8], headers: [MessageHeader]
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.payload = payload
        self.headers = headers
    }

    /// The first header with that name.
    public func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// The `message_id` header, when it is a UUID.
    public var messageID: UUID? { header(MessageHeader.messageID).flatMap(UUID.init(canonical:)) }
    /// The `message_type` header.
    public var type: String? { header(MessageHeader.messageType) }
    /// The `traceparent` header.
    public var traceparent: String? { header(MessageHeader.traceparent) }

    /// Where the message is, for logs: `topic/partition@offset`.
    public var location: String { "\(topic)/\(partition)@\(offset)" }
}

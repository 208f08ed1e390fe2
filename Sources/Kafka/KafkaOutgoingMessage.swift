/// A record to be produced: where it goes and what it carries.
public struct KafkaOutgoingMessage: Sendable {
    /// The destination topic.
    public var topic: String
    /// The key the partitioner hashes; nil spreads records over partitions.
    public var key: [UInt8]?
    /// The record value.
    public var value: [UInt8]
    /// The record headers.
    public var headers: [KafkaHeader]

    /// Creates an outgoing record.
    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// A record received from Kafka, copied out of librdkafka so it owns its bytes.
public struct KafkaMessage: Sendable {
    /// The topic the record was read from.
    public var topic: String
    /// The partition the record was read from.
    public var partition: Int32
    /// The record's offset within its partition.
    public var offset: Int64
    /// The record key, or nil when it had none.
    public var key: [UInt8]?
    /// The record value; empty for a null value.
    public var value: [UInt8]
    /// The record headers in wire order.
    public var headers: [KafkaHeader]

    /// Creates a message; public so adapters can build fixtures without a broker.
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The UTF-8 value of the first header named `key`, or nil when absent.
    public func header(_ key: String) -> String? {
        guard let header = headers.first(where: { $0.key == key }) else { return nil }
        return String(decoding: header.value, as: UTF8.self)
    }
}

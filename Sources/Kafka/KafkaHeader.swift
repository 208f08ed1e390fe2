/// One Kafka record header: a string key and raw bytes.
public struct KafkaHeader: Sendable, Equatable {
    /// The header name.
    public var key: String
    /// The header value as raw bytes.
    public var value: [UInt8]

    /// Creates a header from raw bytes.
    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }

    /// Creates a header whose value is the UTF-8 encoding of `string`.
    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }
}

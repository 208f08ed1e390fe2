/// A failure of the Kafka client: what went wrong, in words, and librdkafka's error code when there is one.
public struct KafkaError: Error, CustomStringConvertible, Sendable {
    /// The operation that failed; callers branch on this, not on the message.
    public enum Code: Sendable, Equatable {
        /// A librdkafka property was unknown or had an invalid value.
        case configuration
        /// The loaded librdkafka is older than the supported minimum.
        case unsupportedVersion
        /// `rd_kafka_new` refused to create a client handle.
        case clientCreation
        /// librdkafka refused to enqueue a message.
        case produce
        /// The broker did not acknowledge a message (its delivery report carried an error).
        case delivery
        /// The consumer failed fatally.
        case consume
        /// An offset commit failed.
        case commit
        /// An admin request (metadata, topic creation) failed or timed out.
        case admin
        /// The client was already shut down or closed.
        case closed
        /// librdkafka raised a fatal error: this handle can do nothing more and must be replaced.
        case fatal
    }

    /// The operation that failed.
    public var code: Code
    /// A human-readable explanation, including librdkafka's own text where available.
    public var message: String
    /// The raw `rd_kafka_resp_err_t` value when librdkafka reported one.
    public var rdKafkaCode: Int32?

    /// Creates an error; `rdKafkaCode` is the raw `rd_kafka_resp_err_t` if librdkafka produced one.
    public init(code: Code, message: String, rdKafkaCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.rdKafkaCode = rdKafkaCode
    }

    /// "Kafka <code>: <message>" plus the librdkafka code when present.
    public var description: String {
        if let rdKafkaCode {
            return "Kafka \(code): \(message) (rd_kafka_resp_err \(rdKafkaCode))"
        }
        return "Kafka \(code): \(message)"
    }
}

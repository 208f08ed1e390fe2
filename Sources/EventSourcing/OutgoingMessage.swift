/// A message to publish: the JSON value, its key and its headers (SPEC §4).
public struct OutgoingMessage: Sendable, Hashable {
    public let topic: String
    /// Partitioning key: the aggregate id, so one aggregate's messages stay in order.
    public let key: String?
    public let payload: [UInt8]
    /// Header names and values, in order.
    public let headers: [MessageHeader]

    public init(topic: String, key: String?, payload: [UInt8], headers: [MessageHeader]) {
        self.topic = topic
        self.key = key
        self.payload = payload
        self.headers = headers
    }
}

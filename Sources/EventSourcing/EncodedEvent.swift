/// An event turned into its wire form, ready to be appended.
public struct EncodedEvent: Sendable, Hashable {
    /// The `message_type`.
    public let type: String
    /// JSON object.
    public let payload: [UInt8]

    public init(type: String, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }
}

/// One message header; values are UTF-8 text in this system.
public struct MessageHeader: Sendable, Hashable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public static let messageType = "message_type"
    public static let messageID = "message_id"
    public static let schemaVersion = "schema_version"
    public static let aggregateID = "aggregate_id"
    public static let aggregateType = "aggregate_type"
    public static let aggregateVersion = "aggregate_version"
    public static let traceparent = "traceparent"
    /// Who submitted the command a message is or comes from, as `role:subject` (SPEC §6).
    public static let actor = "actor"
    public static let error = "error"
}

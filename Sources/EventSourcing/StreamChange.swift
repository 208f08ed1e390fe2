import struct Foundation.UUID

/// Everything one handled message changes, committed atomically: the events appended to one
/// stream, the message marked processed, and, for a command, its outcome.
public struct StreamChange: Sendable {
    /// The message being handled; a second change with the same id is a duplicate and does nothing.
    public let messageID: UUID
    public let stream: StreamID
    /// The stream's version the decision was made on; another writer in between is a conflict.
    public let expectedVersion: Int
    public let events: [EncodedEvent]
    /// Set when the message is a command whose outcome GetCommandStatus reports.
    public let commandID: UUID?
    public let outcome: CommandOutcome
    /// Trace context carried on to the events.
    public let traceparent: String?

    public init(
        messageID: UUID, stream: StreamID, expectedVersion: Int, events: [EncodedEvent], commandID: UUID? = nil,
        outcome: CommandOutcome = .succeeded, traceparent: String? = nil
    ) {
        self.messageID = messageID
        self.stream = stream
        self.expectedVersion = expectedVersion
        self.events = events
        self.commandID = commandID
        self.outcome = outcome
        self.traceparent = traceparent
    }
}

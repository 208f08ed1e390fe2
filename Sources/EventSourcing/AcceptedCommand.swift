import struct Foundation.UUID

/// A command the listener accepted and is about to enqueue.
public struct AcceptedCommand: Sendable, Hashable {
    /// The command id; the client's `request_id` when it gave one.
    public let commandID: UUID
    /// The `message_type` (`SellInvoice`, `BidOnInvoice`, …).
    public let type: String
    /// The aggregate the command targets: the Kafka key.
    public let targetID: UUID
    /// JSON object, as enqueued.
    public let payload: [UInt8]
    /// What the client asked, independent of ids the listener generated: a retry with the same
    /// request id must ask the same thing.
    public let fingerprint: String
    /// Who submitted it; nil only for commands recorded before actors were.
    public let actor: CommandActor?

    public init(
        commandID: UUID, type: String, targetID: UUID, payload: [UInt8], fingerprint: String,
        actor: CommandActor? = nil
    ) {
        self.commandID = commandID
        self.type = type
        self.targetID = targetID
        self.payload = payload
        self.fingerprint = fingerprint
        self.actor = actor
    }
}

import struct Foundation.UUID

/// A message that can never be handled, parked for a person with the reason, as the event store keeps
/// it: the store is the record, and the relayer copies it to `<topic>.dlq` for whoever watches there.
public struct DeadLetter: Sendable, Equatable {
    /// The message's id, when its header held a valid one.
    public let messageID: UUID?
    /// Where it came from: the topic (the bus) or the follower (the event store) that delivered it.
    public let topic: String
    /// `topic/partition@offset`, or the event's position for a follower.
    public let location: String
    public let key: String?
    public let headers: [MessageHeader]
    public let payload: [UInt8]
    /// Why it can never be handled.
    public let reason: String
    /// The command whose message this is: it gets the outcome REJECTED with the reason.
    public let rejectsCommand: UUID?

    public init(
        messageID: UUID?, topic: String, location: String, key: String?, headers: [MessageHeader],
        payload: [UInt8], reason: String, rejectsCommand: UUID? = nil
    ) {
        self.messageID = messageID
        self.topic = topic
        self.location = location
        self.key = key
        self.headers = headers
        self.payload = payload
        self.reason = reason
        self.rejectsCommand = rejectsCommand
    }

    /// `message`, parked because of `reason`.
    public init(_ message: IncomingMessage, reason: String, rejectsCommand: UUID? = nil) {
        self.init(
            messageID: message.messageID, topic: message.topic, location: message.location, key: message.key,
            headers: message.headers, payload: message.payload, reason: reason, rejectsCommand: rejectsCommand)
    }
}

/// A dead letter as stored, with its row id (for marking it published or redriven).
public struct ParkedLetter: Sendable {
    public let id: Int64
    public let letter: DeadLetter

    public init(id: Int64, letter: DeadLetter) {
        self.id = id
        self.letter = letter
    }
}

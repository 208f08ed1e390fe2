import CanonicalUUID
import EventSourcing

import struct Foundation.UUID

extension OutgoingMessage {
    /// A committed domain event on `financing.events`, with the headers of SPEC §4 and `recorded_at`.
    public static func event(_ event: RecordedEvent) -> OutgoingMessage {
        var headers = [
            MessageHeader(MessageHeader.messageType, event.type),
            MessageHeader(MessageHeader.messageID, event.eventID.canonicalText),
            MessageHeader(MessageHeader.schemaVersion, String(event.schemaVersion)),
            MessageHeader(MessageHeader.aggregateID, event.stream.id.canonicalText),
            MessageHeader(MessageHeader.aggregateType, event.stream.aggregateType),
            MessageHeader(MessageHeader.aggregateVersion, String(event.version)),
        ]
        if let traceparent = event.traceparent { headers.append(MessageHeader(MessageHeader.traceparent, traceparent)) }
        if let recordedAt = event.recordedAt {
            headers.append(MessageHeader(MessageHeader.recordedAt, MessageHeader.recordedAtValue(recordedAt)))
        }
        return OutgoingMessage(
            topic: Topic.events, key: event.stream.id.canonicalText, payload: event.payload, headers: headers)
    }

    /// An accepted command on `financing.commands`; its message id is the command id.
    public static func command(_ command: AcceptedCommand, traceparent: String? = nil) -> OutgoingMessage {
        var headers = [
            MessageHeader(MessageHeader.messageType, command.type),
            MessageHeader(MessageHeader.messageID, command.commandID.canonicalText),
            MessageHeader(MessageHeader.schemaVersion, "1"),
        ]
        if let traceparent { headers.append(MessageHeader(MessageHeader.traceparent, traceparent)) }
        if let actor = command.actor { headers.append(MessageHeader(MessageHeader.actor, actor.headerValue)) }
        return OutgoingMessage(
            topic: Topic.commands, key: command.targetID.canonicalText, payload: command.payload,
            headers: headers)
    }

    /// An integration event on `registering.events`.
    public static func integration(_ event: IntegrationEvent, messageID: UUID) -> OutgoingMessage {
        OutgoingMessage(
            topic: Topic.registering, key: event.registeredID.canonicalText, payload: event.encoded(),
            headers: [
                MessageHeader(MessageHeader.messageType, event.type),
                MessageHeader(MessageHeader.messageID, messageID.canonicalText),
                MessageHeader(MessageHeader.schemaVersion, "1"),
            ])
    }

    /// The message, unchanged, on its topic's dead-letter topic with an `error` header saying why.
    public static func deadLetter(_ message: IncomingMessage, reason: String) -> OutgoingMessage {
        deadLetter(DeadLetter(message, reason: reason))
    }

    /// A parked letter on its topic's dead-letter topic: the message unchanged, with an `error` header
    /// saying why and where it was. `payloadOmitted` sends it without its payload (one too large for the
    /// broker), with a `payload_omitted` header giving the size; the event store keeps the bytes.
    public static func deadLetter(_ letter: DeadLetter, payloadOmitted: Bool = false) -> OutgoingMessage {
        var headers =
            letter.headers + [
                MessageHeader(MessageHeader.error, letter.reason),
                MessageHeader("original_location", letter.location),
            ]
        if payloadOmitted { headers.append(MessageHeader("payload_omitted", "\(letter.payload.count) bytes")) }
        return OutgoingMessage(
            topic: Topic.deadLetter(of: letter.topic), key: letter.key, payload: payloadOmitted ? [] : letter.payload,
            headers: headers)
    }
}

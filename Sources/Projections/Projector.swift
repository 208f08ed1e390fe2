import EventSourcing
import FinancingMessages
import Foundation
import Logging

/// Applies messages from `financing.events` and `registering.events` to the read models.
public struct Projector: Sendable {
    private let store: any ReadModelStore
    private let metrics: ProjectorMetrics
    private let logger: Logger

    public init(store: any ReadModelStore, metrics: ProjectorMetrics = ProjectorMetrics(), logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    /// Applies one message; throws only when the read model store failed (retry the message).
    public func project(_ message: IncomingMessage) async throws {
        guard let type = message.type else { return skip(message, "missing message_type header") }
        // The handler dead-letters a message without a message id: projecting it would show what never happened.
        guard message.messageID != nil else { return skip(message, "missing or invalid message_id header") }
        switch message.topic {
        case Topic.registering:
            let registration: IntegrationEvent
            do {
                registration = try IntegrationEvent.decode(type: type, payload: message.payload)
            } catch {
                return skip(message, "\(error)")
            }
            try await store.apply(registration)
        case Topic.events:
            guard let id = message.header(MessageHeader.aggregateID).flatMap(UUID.init(uuidString:)),
                let version = message.header(MessageHeader.aggregateVersion).flatMap(Int.init), version > 0
            else { return skip(message, "missing or invalid aggregate_id or aggregate_version header") }
            let event: DomainEvent
            do {
                event = try DomainEvent.decode(type: type, aggregateID: id, payload: message.payload)
            } catch {
                return skip(message, "\(error)")
            }
            try await store.apply(event, version: version)
            metrics.applied(message)
        default:
            skip(message, "the projector does not read topic \(message.topic)")
        }
    }

    /// Applies a stored event (rebuild).
    public func project(_ recorded: RecordedEvent) async throws {
        try await store.apply(try DomainEvent.decode(recorded), version: recorded.version)
    }

    /// A message no projection can read; the handler dead-letters it, the projector moves on.
    private func skip(_ message: IncomingMessage, _ reason: String) {
        metrics.skipped()
        logger.warning(
            "projector: message skipped", metadata: ["location": "\(message.location)", "reason": "\(reason)"])
    }
}

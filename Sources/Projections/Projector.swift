import CanonicalUUID
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
        try await project([message])
    }

    /// Applies the messages in order in one transaction; throws only when the read model store
    /// failed (retry them all: every change is guarded by its version, so a replay changes nothing).
    public func project(_ messages: [IncomingMessage]) async throws {
        let changes = messages.map { ($0, change(for: $0)) }
        try await store.apply(changes.compactMap(\.1))
        for (message, change) in changes {
            if case .domainEvent = change { metrics.applied(message) }
        }
    }

    /// Applies stored events in one transaction (rebuild).
    public func project(_ recorded: [RecordedEvent]) async throws {
        try await store.apply(recorded.map { .domainEvent(try DomainEvent.decode($0), version: $0.version) })
    }

    /// What the message changes, or nil (logged and counted) when no projection can read it.
    private func change(for message: IncomingMessage) -> ReadModelChange? {
        guard let type = message.type else { return skip(message, "missing message_type header") }
        // The handler dead-letters a message without a message id: projecting it would show what never happened.
        guard message.messageID != nil else { return skip(message, "missing or invalid message_id header") }
        if let problem = SchemaVersion.problem(with: message) { return skip(message, problem) }
        switch message.topic {
        case Topic.registering:
            do {
                return .registration(try IntegrationEvent.decode(type: type, payload: message.payload))
            } catch {
                return skip(message, "\(error)")
            }
        case Topic.events:
            guard let id = message.header(MessageHeader.aggregateID).flatMap(UUID.init(canonical:)),
                let version = message.header(MessageHeader.aggregateVersion).flatMap(Int.init), version > 0
            else { return skip(message, "missing or invalid aggregate_id or aggregate_version header") }
            do {
                return .domainEvent(
                    try DomainEvent.decode(type: type, aggregateID: id, payload: message.payload), version: version)
            } catch {
                return skip(message, "\(error)")
            }
        default:
            return skip(message, "the projector does not read topic \(message.topic)")
        }
    }

    /// A message no projection can read; the handler dead-letters it, the projector moves on.
    private func skip(_ message: IncomingMessage, _ reason: String) -> ReadModelChange? {
        metrics.skipped()
        logger.warning(
            "projector: message skipped", metadata: ["location": "\(message.location)", "reason": "\(reason)"])
        return nil
    }
}

import CanonicalUUID
import EventSourcing
import FinancingMessages
import Foundation
import Logging

/// Applies domain events from the event store and Registering's integration events from the bus
/// to the read models.
public struct Projector: Sendable {
    private let store: any ReadModelStore
    /// Where a gap is healed from: every event of a stream, in version order.
    private let history: (any EventStore)?
    private let metrics: ProjectorMetrics
    private let logger: Logger

    /// `history` heals a read model that missed events; without it a gap is only counted and logged.
    public init(
        store: any ReadModelStore, history: (any EventStore)? = nil, metrics: ProjectorMetrics = ProjectorMetrics(),
        logger: Logger
    ) {
        self.store = store
        self.history = history
        self.metrics = metrics
        self.logger = logger
    }

    /// Applies one message; throws only when the read model store failed (retry the message).
    public func project(_ message: IncomingMessage) async throws {
        try await project([message])
    }

    /// Applies the messages in order in one transaction; throws only when the read model store
    /// failed (retry them all: a replayed change changes nothing).
    public func project(_ messages: [IncomingMessage]) async throws {
        try await store.apply(messages.compactMap(change(for:)))
    }

    /// Applies stored events, in commit order, in one transaction; then heals any row that was behind.
    public func project(_ recorded: [RecordedEvent]) async throws {
        var changes: [ReadModelChange] = []
        var projected: [RecordedEvent] = []
        for event in recorded {
            do {
                changes.append(.domainEvent(try DomainEvent.decode(event), version: event.version))
                projected.append(event)
            } catch {
                // The handler parks such an event; the projection cannot show what it cannot read.
                metrics.skipped()
                logger.warning(
                    "projector: stored event skipped",
                    metadata: ["event_id": "\(event.eventID)", "position": "\(event.position)", "reason": "\(error)"])
            }
        }
        let applied = try await store.apply(changes)
        let notApplied = zip(projected, applied).filter { !$0.1 }.map(\.0)
        if !notApplied.isEmpty { try await heal(notApplied) }
        for event in projected { metrics.applied(recordedAt: event.recordedAt) }
    }

    /// Events that did not apply were either seen before (the row is at or past them) or arrived over a
    /// missing version: those rows are brought up to date from the stream's history.
    private func heal(_ events: [RecordedEvent]) async throws {
        let versions = try await store.versions(of: Array(Set(events.map(\.stream.id))))
        var behind: [StreamID: Int] = [:]
        for event in events where (versions[event.stream.id] ?? 0) < event.version {
            behind[event.stream] = versions[event.stream.id] ?? 0
        }
        guard !behind.isEmpty else { return }
        guard let history else {
            metrics.gap(count: behind.count)
            logger.error("projector: read model rows miss events", metadata: ["streams": "\(behind.keys)"])
            return
        }
        for (stream, version) in behind {
            let missing = try await history.load(stream).filter { $0.version > version }
            let changes = try missing.map {
                ReadModelChange.domainEvent(try DomainEvent.decode($0), version: $0.version)
            }
            try await store.apply(changes)
            metrics.healed(count: missing.count)
            logger.warning(
                "projector: healed a read model row from the event store",
                metadata: ["stream": "\(stream)", "from_version": "\(version)", "events": "\(missing.count)"])
        }
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
        default:
            return skip(message, "the projector reads domain events from the event store, not from \(message.topic)")
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

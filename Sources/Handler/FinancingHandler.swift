import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Logging

/// Turns each message into a change of exactly one aggregate: commands from the listener and
/// integration events from Registering (from the bus), and the domain events the saga policies
/// react to (from the event store, in commit order: `react(to:)`).
///
/// Throws only for infrastructure failures (the caller retries the same message). A message that
/// can never be handled is parked in the event store's dead-letter box with the reason (a command
/// gets the outcome REJECTED), and handling goes on; the relayer copies it to `<topic>.dlq`.
public struct FinancingHandler: Sendable {
    let executor: CommandExecutor
    let store: any EventStore
    /// Shared by every copy of this handler (`recording(through:)`), so what one message learned serves the next.
    public let knownStreams: KnownStreams
    let snapshots: SnapshotPolicy?
    let deadLetters: any DeadLetterStore
    let submissions: SubmissionCheck
    let metrics: HandlerMetrics
    let logger: Logger

    public init(
        store: any EventStore, snapshots: SnapshotPolicy? = nil, deadLetters: any DeadLetterStore,
        acceptedCommands: any AcceptedCommands, metrics: HandlerMetrics = HandlerMetrics(),
        knownStreams: KnownStreams = KnownStreams(), logger: Logger
    ) {
        self.store = store
        self.knownStreams = knownStreams
        self.snapshots = snapshots
        self.executor = CommandExecutor(
            store: store, snapshots: snapshots, metrics: CommandExecutorMetrics(factory: metrics.factory),
            logger: logger)
        self.deadLetters = deadLetters
        self.submissions = SubmissionCheck(records: acceptedCommands)
        self.metrics = metrics
        self.logger = logger
    }

    /// This handler with its changes recorded through `store` (a member of a `RecordGroup`).
    func recording(through store: any EventStore) -> FinancingHandler {
        FinancingHandler(
            store: store, snapshots: snapshots, deadLetters: deadLetters, acceptedCommands: submissions.records,
            metrics: metrics, knownStreams: knownStreams, logger: logger)
    }

    /// Handles one message; returns once its effect (or its dead-lettering) is durable.
    public func handle(_ message: IncomingMessage) async throws {
        let started = ContinuousClock.now
        do {
            guard let messageID = message.messageID else {
                throw UnhandleableMessage("missing or invalid message_id header")
            }
            guard let type = message.type else { throw UnhandleableMessage("missing message_type header") }
            if let problem = SchemaVersion.problem(with: message) { throw UnhandleableMessage(problem) }
            switch message.topic {
            case Topic.commands:
                try await handleCommand(type: type, message: message, messageID: messageID)
            case Topic.registering:
                try await handleRegistration(type: type, message: message, messageID: messageID)
            default:
                throw UnhandleableMessage("no handler consumes topic \(message.topic)")
            }
        } catch let error as UnhandleableMessage {
            try await deadLetter(message, reason: error.reason)
        } catch let error as WireFormatError {
            try await deadLetter(message, reason: error.message)
        } catch let error as EventStoreError where error.code == .corrupt || error.code == .permanent {
            // Retrying cannot make stored data readable, nor make the database accept what it refused.
            try await deadLetter(message, reason: error.description)
        }
        metrics.handled(message, in: started.duration(to: .now))
    }

    /// Parks `message`; a command's message makes that command REJECTED with the reason.
    private func deadLetter(_ message: IncomingMessage, reason: String) async throws {
        let command = message.topic == Topic.commands ? message.messageID : nil
        try await park(DeadLetter(message, reason: reason, rejectsCommand: command))
    }

    func park(_ letter: DeadLetter) async throws {
        logger.error(
            "message dead-lettered",
            metadata: [
                "location": "\(letter.location)", "topic": "\(letter.topic)",
                "message_type": "\(letter.headers.first { $0.name == MessageHeader.messageType }?.value ?? "-")",
                "message_id": "\(letter.messageID.map { "\($0)" } ?? "-")", "reason": "\(letter.reason)",
            ])
        try await deadLetters.park(letter)
        metrics.deadLettered(to: Topic.deadLetter(of: letter.topic))
    }

    /// Logs and counts what a decision did to which aggregate.
    func log<E, F>(_ result: DecisionResult<E, F>, _ what: String, aggregate: CustomStringConvertible, messageID: UUID)
    {
        var metadata: Logger.Metadata = [
            "aggregate_id": "\(aggregate)", "message_id": "\(messageID.uuidString.lowercased())",
        ]
        switch result {
        case .committed(let events):
            metadata["events"] = "\(events.count)"
            logger.info("\(what): committed", metadata: metadata)
            metrics.ended(.succeeded)
        case .rejected(let failure):
            metadata["reason"] = "\(failure)"
            logger.info("\(what): rejected", metadata: metadata)
            metrics.ended(.rejected)
        case .duplicate:
            logger.info("\(what): duplicate message ignored", metadata: metadata)
            metrics.ended(.duplicate)
        }
    }
}

import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Logging

/// Turns each message into a change of exactly one aggregate: commands from the listener,
/// integration events from Registering, and domain events the saga policies react to.
///
/// Throws only for infrastructure failures (the caller retries the same message). A message that
/// can never be handled goes to `<topic>.dlq` with the reason, and handling goes on.
public struct FinancingHandler: Sendable {
    let executor: CommandExecutor
    let store: any EventStore
    let deadLetters: any MessagePublisher
    let logger: Logger

    public init(
        store: any EventStore, snapshots: SnapshotPolicy? = nil, deadLetters: any MessagePublisher, logger: Logger
    ) {
        self.store = store
        self.executor = CommandExecutor(store: store, snapshots: snapshots, logger: logger)
        self.deadLetters = deadLetters
        self.logger = logger
    }

    /// Handles one message; returns once its effect (or its dead-lettering) is durable.
    public func handle(_ message: IncomingMessage) async throws {
        do {
            guard let messageID = message.messageID else {
                throw UnhandleableMessage("missing or invalid message_id header")
            }
            guard let type = message.type else { throw UnhandleableMessage("missing message_type header") }
            switch message.topic {
            case Topic.commands:
                try await handleCommand(type: type, message: message, messageID: messageID)
            case Topic.registering:
                try await handleRegistration(type: type, message: message, messageID: messageID)
            case Topic.events:
                try await applyPolicies(type: type, message: message, messageID: messageID)
            default:
                throw UnhandleableMessage("no handler consumes topic \(message.topic)")
            }
        } catch let error as UnhandleableMessage {
            try await deadLetter(message, reason: error.reason)
        } catch let error as WireFormatError {
            try await deadLetter(message, reason: error.message)
        } catch let error as EventStoreError where error.code == .corrupt {
            // Retrying cannot make stored data readable: park the message for a person to look at.
            try await deadLetter(message, reason: error.description)
        }
    }

    private func deadLetter(_ message: IncomingMessage, reason: String) async throws {
        logger.error(
            "message dead-lettered",
            metadata: [
                "location": "\(message.location)", "message_type": "\(message.type ?? "-")",
                "message_id": "\(message.header(MessageHeader.messageID) ?? "-")", "reason": "\(reason)",
            ])
        try await deadLetters.publish([.deadLetter(message, reason: reason)])
    }

    /// Logs what a decision did to which aggregate.
    func log<E, F>(_ result: DecisionResult<E, F>, _ what: String, aggregate: CustomStringConvertible, messageID: UUID)
    {
        var metadata: Logger.Metadata = [
            "aggregate_id": "\(aggregate)", "message_id": "\(messageID.uuidString.lowercased())",
        ]
        switch result {
        case .committed(let events):
            metadata["events"] = "\(events.count)"
            logger.info("\(what): committed", metadata: metadata)
        case .rejected(let failure):
            metadata["reason"] = "\(failure)"
            logger.info("\(what): rejected", metadata: metadata)
        case .duplicate:
            logger.info("\(what): duplicate message ignored", metadata: metadata)
        }
    }
}

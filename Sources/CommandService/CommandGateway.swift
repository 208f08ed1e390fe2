import CanonicalUUID
import EventSourcing
import FinancingMessages
import Foundation
import GRPCCore
import Logging

/// Records a valid command and enqueues it; what the gRPC methods share.
///
/// The record comes first so a retried request finds the command it first made (same ids), and
/// enqueueing is repeated on every retry: the handler deduplicates by command id, so a retry after
/// an enqueue whose acknowledgement was lost has its effect once.
struct CommandGateway: Sendable {
    let log: any CommandLog
    let publisher: any MessagePublisher
    let logger: Logger

    func submit(_ command: FinancingCommand, requestID: UUID?, actor: CommandActor, traceparent: String?)
        async throws(RPCError) -> AcceptedCommand
    {
        let candidate = AcceptedCommand(
            commandID: requestID ?? UUID(), type: command.type, targetID: command.targetID, payload: command.encoded(),
            fingerprint: command.fingerprint, actor: actor)
        let accepted: AcceptedCommand
        do {
            accepted = try await log.accept(candidate)
        } catch {
            logger.error(
                "command not recorded",
                metadata: ["command_id": "\(candidate.commandID.uuidString.lowercased())", "error": "\(error)"])
            throw RPCError(
                code: .unavailable,
                message: "the command could not be recorded; retry with request_id \(candidate.commandID.canonicalText)"
            )
        }
        guard accepted.type == candidate.type, accepted.fingerprint == candidate.fingerprint else {
            var refusal = RPCError.invalidArgument(
                field: "request_id",
                "\(accepted.commandID.uuidString.lowercased()) was already used for a different request")
            refusal.metadata.addString("true", forKey: RPCError.requestIDReusedKey)
            throw refusal
        }
        Failpoint.hit("commands.after-record-before-enqueue")
        do {
            try await publisher.publish([.command(accepted, traceparent: traceparent)])
        } catch {
            logger.error(
                "command not enqueued",
                metadata: ["command_id": "\(accepted.commandID.uuidString.lowercased())", "error": "\(error)"])
            // Recorded, so the redelivery sweep enqueues it once the bus answers again: a retry with this
            // request_id is answered with the same command, whose outcome then comes as usual.
            throw RPCError(
                code: .unavailable,
                message:
                    "command \(accepted.commandID.canonicalText) was recorded but not enqueued yet; "
                    + "retry with request_id \(accepted.commandID.canonicalText)")
        }
        logger.info(
            "command accepted",
            metadata: [
                "command_id": "\(accepted.commandID.uuidString.lowercased())", "type": "\(accepted.type)",
                "target_id": "\(accepted.targetID.uuidString.lowercased())",
            ])
        return accepted
    }
}

import Authentication
import EventSourcing
import FinancingMessages
import Foundation

/// The handler's own look at a command before it acts (SPEC §6): the bus is a transport anyone
/// who reaches the broker could write to, so a command counts only as the listener recorded it,
/// for the caller recorded with it, if SPEC §6's table lets that caller make it.
struct SubmissionCheck: Sendable {
    let records: any AcceptedCommands

    /// Throws `UnhandleableMessage` (the command is dead-lettered) when the check fails.
    func verify(_ command: FinancingCommand, in message: IncomingMessage, id: UUID) async throws {
        guard let recorded = try await records.accepted(id) else {
            throw UnhandleableMessage("command \(id.canonicalText) was never accepted by the listener")
        }
        // jsonb keeps the record's meaning, not its bytes: the decoded commands are compared.
        guard recorded.type == command.type,
            (try? FinancingCommand.decode(type: recorded.type, payload: recorded.payload)) == command
        else {
            throw UnhandleableMessage("command \(id.canonicalText) differs from what the listener recorded")
        }
        guard let actor = recorded.actor, let role = Role(rawValue: actor.role),
            AccessPolicy.permits(Caller(subject: actor.subject, role: role), command.protectedCall)
        else {
            throw UnhandleableMessage("command \(id.canonicalText) has no recorded actor allowed to make it")
        }
        guard message.header(MessageHeader.actor) == actor.headerValue else {
            throw UnhandleableMessage("command \(id.canonicalText) carries an actor other than the recorded one")
        }
    }
}

import EventSourcing
import Foundation
import Postgres

/// The listener's record of accepted commands, and the outcomes the handler wrote beside them.
public struct PostgresCommandLog: CommandLog, AcceptedCommands, Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func accept(_ command: AcceptedCommand) async throws(EventStoreError) -> AcceptedCommand {
        do {
            return try await pool.withConnection { connection in
                let inserted = try await connection.execute(
                    """
                    INSERT INTO commands
                        (command_id, command_type, target_id, payload, fingerprint, actor_subject, actor_role)
                    VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) ON CONFLICT (command_id) DO NOTHING
                    """,
                    [
                        command.commandID, command.type, command.targetID,
                        String(decoding: command.payload, as: UTF8.self), command.fingerprint,
                        command.actor?.subject, command.actor?.role,
                    ])
                if inserted == 1 { return command }
                let rows = try await connection.query(
                    Self.selectCommand, [command.commandID])
                guard let row = rows.first else {
                    throw EventStoreError(.unavailable, "command \(command.commandID) vanished while being accepted")
                }
                return try Self.command(row)
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func status(of commandID: UUID) async throws(EventStoreError) -> CommandStatus? {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT o.state, o.reason, c.command_id IS NOT NULL AS accepted, c.actor_subject, c.actor_role
                    FROM (SELECT $1::uuid AS id) wanted
                    LEFT JOIN commands c ON c.command_id = wanted.id
                    LEFT JOIN command_outcomes o ON o.command_id = wanted.id
                    """, [commandID])
            }
            guard let row = rows.first else { return nil }
            let outcome: CommandOutcome
            switch try row.optionalString("state") {
            case "SUCCEEDED": outcome = .succeeded
            case "REJECTED": outcome = .rejected(reason: try row.optionalString("reason") ?? "")
            default:
                guard try row.bool("accepted") else { return nil }
                outcome = .pending
            }
            return CommandStatus(outcome: outcome, submitter: try Self.actor(row))
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func accepted(_ commandID: UUID) async throws(EventStoreError) -> AcceptedCommand? {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    Self.selectCommand, [commandID])
            }
            return try rows.first.map(Self.command)
        } catch {
            throw EventStoreError.from(error)
        }
    }

    static let selectCommand = """
        SELECT command_id, command_type, target_id, payload::text AS payload, fingerprint, actor_subject, actor_role
        FROM commands WHERE command_id = $1
        """

    /// A `commands` row with its actor columns, as recorded.
    static func command(_ row: PostgresRow) throws(PostgresError) -> AcceptedCommand {
        AcceptedCommand(
            commandID: try row.uuid("command_id"), type: try row.string("command_type"),
            targetID: try row.uuid("target_id"), payload: Array(try row.string("payload").utf8),
            fingerprint: try row.string("fingerprint"), actor: try actor(row))
    }

    static func actor(_ row: PostgresRow) throws(PostgresError) -> CommandActor? {
        guard let subject = try row.optionalString("actor_subject"), let role = try row.optionalString("actor_role")
        else { return nil }
        return CommandActor(subject: subject, role: role)
    }
}

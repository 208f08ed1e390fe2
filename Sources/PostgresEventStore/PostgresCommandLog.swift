import EventSourcing
import Foundation
import Postgres

/// The listener's record of accepted commands, and the outcomes the handler wrote beside them.
public struct PostgresCommandLog: CommandLog, Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func accept(_ command: AcceptedCommand) async throws(EventStoreError) -> AcceptedCommand {
        do {
            return try await pool.withConnection { connection in
                let inserted = try await connection.execute(
                    """
                    INSERT INTO commands (command_id, command_type, target_id, payload, fingerprint)
                    VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT (command_id) DO NOTHING
                    """,
                    [
                        command.commandID, command.type, command.targetID,
                        String(decoding: command.payload, as: UTF8.self), command.fingerprint,
                    ])
                if inserted == 1 { return command }
                let rows = try await connection.query(
                    """
                    SELECT command_id, command_type, target_id, payload::text AS payload, fingerprint
                    FROM commands WHERE command_id = $1
                    """, [command.commandID])
                guard let row = rows.first else {
                    throw EventStoreError(.unavailable, "command \(command.commandID) vanished while being accepted")
                }
                return AcceptedCommand(
                    commandID: try row.uuid("command_id"), type: try row.string("command_type"),
                    targetID: try row.uuid("target_id"), payload: Array(try row.string("payload").utf8),
                    fingerprint: try row.string("fingerprint"))
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func outcome(of commandID: UUID) async throws(EventStoreError) -> CommandOutcome? {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT o.state, o.reason, c.command_id IS NOT NULL AS accepted
                    FROM (SELECT $1::uuid AS id) wanted
                    LEFT JOIN commands c ON c.command_id = wanted.id
                    LEFT JOIN command_outcomes o ON o.command_id = wanted.id
                    """, [commandID])
            }
            guard let row = rows.first else { return nil }
            switch try row.optionalString("state") {
            case "SUCCEEDED": return .succeeded
            case "REJECTED": return .rejected(reason: try row.optionalString("reason") ?? "")
            default: return try row.bool("accepted") ? .pending : nil
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }
}

import EventSourcing
import Foundation
import Postgres

extension PostgresCommandLog: PendingCommands {
    public func awaitingOutcome(since: Date, limit: Int) async throws(EventStoreError) -> [PendingCommand] {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT c.command_id, c.command_type, c.target_id, c.payload::text AS payload, c.fingerprint,
                           c.actor_subject, c.actor_role,
                           (extract(epoch FROM c.accepted_at) * 1000000)::bigint AS accepted_us,
                           (extract(epoch FROM c.last_enqueued_at) * 1000000)::bigint AS redelivered_us,
                           c.redeliveries
                    FROM commands c
                    WHERE c.accepted_at >= to_timestamp($1::bigint / 1000000.0)
                      AND NOT EXISTS (SELECT 1 FROM command_outcomes o WHERE o.command_id = c.command_id)
                    ORDER BY c.accepted_at LIMIT $2
                    """, [Self.micros(since), limit])
            }
            return try rows.map { row throws(PostgresError) in
                PendingCommand(
                    command: try Self.command(row),
                    acceptedAt: Self.date(try row.int64("accepted_us")),
                    lastRedeliveredAt: try row.optionalInt64("redelivered_us").map(Self.date),
                    redeliveries: try row.int("redeliveries"))
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func markRedelivered(_ ids: [UUID]) async throws(EventStoreError) {
        guard !ids.isEmpty else { return }
        do {
            try await pool.withConnection { connection in
                try await connection.execute(
                    """
                    UPDATE commands SET last_enqueued_at = now(), redeliveries = redeliveries + 1
                    WHERE command_id = ANY($1::uuid[])
                    """, ["{" + ids.map(\.uuidString).joined(separator: ",") + "}"])
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func now() async throws(EventStoreError) -> Date {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us")
            }
            return Self.date(try rows.first?.int64("now_us") ?? 0)
        } catch {
            throw EventStoreError.from(error)
        }
    }

    private static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    private static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
}

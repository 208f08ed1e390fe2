import Foundation
import Postgres

/// When each command's first event was acknowledged by the broker, read from the event store after
/// the drain: the relayer sets `events.published_at` (PostgreSQL now()) in the statement it runs
/// right after the broker acknowledged the batch, so this is an upper bound on the ack time, on the
/// same clock as `commands.accepted_at`.
enum BrokerAcknowledgements {
    static let query = """
        SELECT causation_id, (extract(epoch FROM min(published_at)) * 1000000)::bigint AS published_us
        FROM events WHERE causation_id = ANY($1::uuid[]) AND published_at IS NOT NULL
        GROUP BY causation_id
        """

    /// Asked in chunks so one statement's parameter stays small.
    static let chunk = 2_000

    /// The publication time (µs since the epoch) of the first event each command caused.
    static func firstEvents(of commands: [UUID], in pool: PostgresPool) async throws -> [UUID: Int64] {
        var published: [UUID: Int64] = [:]
        for start in stride(from: 0, to: commands.count, by: chunk) {
            let ids = commands[start..<min(start + chunk, commands.count)]
            let array = "{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
            let rows = try await pool.withConnection { connection in try await connection.query(query, [array]) }
            for row in rows { published[try row.uuid("causation_id")] = try row.int64("published_us") }
        }
        return published
    }
}

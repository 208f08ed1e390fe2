import Foundation
import Logging
import Postgres

/// Reads the event store (tables `events`, `commands`, `command_outcomes`, `processed_messages`
/// of PostgresEventStore) to see what the run changed.
struct EventStoreWatch: Sendable {
    /// Where the store stood when the run began.
    struct Baseline: Sendable {
        let position: Int64
        /// PostgreSQL's clock, in microseconds since 1970: commands accepted later are the run's.
        let micros: Int64
    }

    let pool: PostgresPool
    let logger: Logger

    func baseline() async throws -> Baseline {
        let row = try await single(
            """
            SELECT coalesce(max(position), 0)::bigint AS position,
                   (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS micros
            FROM events
            """)
        return Baseline(position: try row.int64("position"), micros: try row.int64("micros"))
    }

    /// The last event position and the number of commands still without an outcome.
    func activity(since baseline: Baseline) async throws -> (position: Int64, pending: Int) {
        let row = try await single(
            """
            SELECT (SELECT coalesce(max(position), 0) FROM events)::bigint AS position,
                   (SELECT count(*) FROM commands c
                    WHERE c.accepted_at >= to_timestamp($1::bigint / 1000000.0)
                      AND NOT EXISTS (SELECT 1 FROM command_outcomes o WHERE o.command_id = c.command_id))::bigint
                   AS pending
            """, [baseline.micros])
        return (try row.int64("position"), try row.int("pending"))
    }

    func newCommands(since baseline: Baseline) async throws -> [NewCommand] {
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                """
                SELECT c.command_id, c.command_type, o.state FROM commands c
                LEFT JOIN command_outcomes o ON o.command_id = c.command_id
                WHERE c.accepted_at >= to_timestamp($1::bigint / 1000000.0)
                """, [baseline.micros])
        }
        return try rows.map {
            NewCommand(
                id: try $0.uuid("command_id"), type: try $0.string("command_type"),
                state: try $0.optionalString("state"))
        }
    }

    func newEvents(since baseline: Baseline) async throws -> [NewEvent] {
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                """
                SELECT e.position, e.aggregate_id, e.aggregate_type, e.event_type, e.causation_id,
                       EXISTS (SELECT 1 FROM events o WHERE o.aggregate_id = e.aggregate_id AND o.position <= $1)
                       AS known
                FROM events e WHERE e.position > $1 ORDER BY e.position
                """, [baseline.position])
        }
        return try rows.map {
            NewEvent(
                position: try $0.int64("position"), aggregateID: try $0.uuid("aggregate_id"),
                aggregateType: try $0.string("aggregate_type"), type: try $0.string("event_type"),
                causationID: try $0.optionalUUID("causation_id"), aggregateKnown: try $0.bool("known"))
        }
    }

    /// The aggregate's event types in version order.
    func eventTypes(of aggregate: UUID) async throws -> [String] {
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                "SELECT event_type FROM events WHERE aggregate_id = $1 ORDER BY version", [aggregate])
        }
        return try rows.map { try $0.string("event_type") }
    }

    /// Whether the handler has handled (committed or rejected) the message.
    func processed(_ messageID: UUID) async throws -> Bool {
        try await single(
            "SELECT EXISTS (SELECT 1 FROM processed_messages WHERE message_id = $1) AS found", [messageID]
        ).bool("found")
    }

    /// Waits until no event is appended and no command decided for `quiet`, or `timeout` passed;
    /// returns whether it got quiet.
    func waitUntilQuiet(since baseline: Baseline, quiet: Duration, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        var last = try await activity(since: baseline)
        var quietSince = ContinuousClock.now
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            let now = try await activity(since: baseline)
            if now != last {
                last = now
                quietSince = ContinuousClock.now
            } else if ContinuousClock.now - quietSince >= quiet {
                return true
            }
        }
        logger.warning(
            "the event store did not get quiet",
            metadata: ["position": "\(last.position)", "pending": "\(last.pending)"])
        return false
    }

    private func single(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws -> PostgresRow {
        let rows = try await pool.withConnection { connection in try await connection.query(sql, parameters) }
        guard let row = rows.first else { throw FuzzError("no row from: \(sql.prefix(60))") }
        return row
    }
}

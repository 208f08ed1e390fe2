import EventSourcing
import Foundation
import Logging
import Postgres

/// The event store on PostgreSQL: one `events` table with a unique (aggregate_id, version), so an
/// append on a stale version fails (optimistic concurrency), and a `processed_messages` row per
/// handled message in the same transaction (exactly-once effects).
public struct PostgresEventStore: EventStore, Outbox, Sendable {
    let pool: PostgresPool
    private let logger: Logger

    public init(pool: PostgresPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    public func load(_ stream: StreamID) async throws(EventStoreError) -> [RecordedEvent] {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT \(RecordedEvent.columns) FROM events WHERE aggregate_id = $1 AND aggregate_type = $2
                    ORDER BY version
                    """, [stream.id, stream.aggregateType])
            }
            return try rows.map { row throws(PostgresError) in try RecordedEvent(row: row) }
        } catch {
            throw EventStoreError.from(error, stream: stream)
        }
    }

    public func exists(_ stream: StreamID) async throws(EventStoreError) -> Bool {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    "SELECT EXISTS (SELECT 1 FROM events WHERE aggregate_id = $1 AND aggregate_type = $2) AS found",
                    [stream.id, stream.aggregateType])
            }
            return try rows.first?.bool("found") ?? false
        } catch {
            throw EventStoreError.from(error, stream: stream)
        }
    }

    public func record(_ change: StreamChange) async throws(EventStoreError) -> AppendResult {
        do {
            return try await pool.withTransaction { connection in
                let fresh = try await connection.execute(
                    "INSERT INTO processed_messages (message_id) VALUES ($1) ON CONFLICT DO NOTHING", [change.messageID]
                )
                #if !CHAOS_CONTROL_SKIP_DEDUP  // a negative control of scripts/chaos, never set otherwise
                    guard fresh == 1 else { return .duplicate }
                #endif
                let version = try await appendEvents(change, on: connection)
                if let commandID = change.commandID {
                    try await recordOutcome(of: commandID, change.outcome, on: connection)
                }
                await Failpoint.pause("eventstore.before-commit")
                return .committed(version: version)
            }
        } catch let error as PostgresError where error.isUniqueViolation && error.constraint == "events_stream_version"
        {
            throw EventStoreError(
                .concurrencyConflict, "stream moved past version \(change.expectedVersion)", stream: change.stream)
        } catch {
            throw EventStoreError.from(error, stream: change.stream)
        }
    }

    /// Appends at expectedVersion + 1 …; a rejection appends nothing but must still have been
    /// decided on the current version, or it might refuse on stale facts.
    private func appendEvents(_ change: StreamChange, on connection: PostgresConnection) async throws -> Int {
        guard !change.events.isEmpty else {
            let rows = try await connection.query(
                """
                SELECT coalesce(max(version), 0) AS version FROM events WHERE aggregate_id = $1 AND aggregate_type = $2
                """, [change.stream.id, change.stream.aggregateType])
            let current = try rows.first?.int("version") ?? 0
            guard current == change.expectedVersion else {
                throw EventStoreError(
                    .concurrencyConflict, "stream is at version \(current), decided on \(change.expectedVersion)",
                    stream: change.stream)
            }
            return current
        }
        var values: [String] = []
        var parameters: [(any PostgresBindable)?] = [
            change.stream.aggregateType, change.stream.id, change.messageID, change.traceparent,
        ]
        for (offset, event) in change.events.enumerated() {
            let base = parameters.count
            values.append("($\(base + 1), $1, $2, $\(base + 2), $\(base + 3), $\(base + 4)::jsonb, $3, $4)")
            parameters += [
                UUID(), change.expectedVersion + offset + 1, event.type, String(decoding: event.payload, as: UTF8.self),
            ]
        }
        try await connection.execute(
            """
            INSERT INTO events (event_id, aggregate_type, aggregate_id, version, event_type, payload, causation_id, traceparent)
            VALUES \(values.joined(separator: ", "))
            """, parameters)
        return change.expectedVersion + change.events.count
    }

    private func recordOutcome(of commandID: UUID, _ outcome: CommandOutcome, on connection: PostgresConnection)
        async throws
    {
        let (state, reason): (String, String?) =
            switch outcome {
            case .pending, .succeeded: ("SUCCEEDED", nil)
            case .rejected(let reason): ("REJECTED", reason)
            }
        try await connection.execute(
            "INSERT INTO command_outcomes (command_id, state, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [commandID, state, reason])
    }

    public func events(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    "SELECT \(RecordedEvent.columns) FROM events WHERE position > $1 ORDER BY position LIMIT $2",
                    [position, limit])
            }
            return try rows.map { row throws(PostgresError) in try RecordedEvent(row: row) }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    #if CHAOS_CONTROL_NO_GAP_GUARD
        /// A negative control of scripts/chaos: a "max position seen" cursor, which skips an event
        /// whose transaction commits after a later position was published.
        private static let gapGuardControl =
            "AND position > (SELECT coalesce(max(position), 0) FROM events WHERE published_at IS NOT NULL)"
    #else
        private static let gapGuardControl = ""
    #endif

    public func unpublished(limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    "SELECT \(RecordedEvent.columns) FROM events WHERE published_at IS NULL \(Self.gapGuardControl)"
                        + " ORDER BY position LIMIT $1",
                    [limit])
            }
            return try rows.map { row throws(PostgresError) in try RecordedEvent(row: row) }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func markPublished(_ events: [RecordedEvent]) async throws(EventStoreError) {
        guard !events.isEmpty else { return }
        let positions = "{" + events.map { String($0.position) }.joined(separator: ",") + "}"
        do {
            try await pool.withConnection { connection in
                try await connection.execute(
                    "UPDATE events SET published_at = now() WHERE position = ANY($1::bigint[]) AND published_at IS NULL",
                    [positions])
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }
}

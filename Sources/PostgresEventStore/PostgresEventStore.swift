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
        // One statement, run on its own: PostgreSQL makes a lone statement its own transaction, so
        // the dedup row, the events and the outcome commit together or not at all, in one round trip
        // (an explicit BEGIN … COMMIT around it cost two more).
        let (sql, parameters) = Self.recordStatement(
            change, holdOpen: Failpoint.hold("eventstore.before-commit"))
        do {
            let row = try await pool.withConnection { connection in try await connection.query(sql, parameters) }.first
            return try Self.result(of: change, row: row)
        } catch {
            throw Self.recordingError(error, change.stream, expectedVersion: change.expectedVersion)
        }
    }

    public func record(together changes: [StreamChange]) async throws(EventStoreError)
        -> [Result<AppendResult, EventStoreError>]
    {
        // The same statements, pipelined behind one sync: one round trip and one commit for all.
        // In stream order, so that groups written at once lock the (aggregate_id, version) keys they
        // share in the same order: one waits for the other and then conflicts, rather than both
        // waiting on each other until PostgreSQL's deadlock check (1 s) aborts one.
        let order = changes.indices.sorted {
            (changes[$0].stream.id.uuidString, $0) < (changes[$1].stream.id.uuidString, $1)
        }
        let statements = order.map { changes[$0] }.map { change in
            let (sql, parameters) = Self.recordStatement(change, holdOpen: Failpoint.hold("eventstore.before-commit"))
            return PostgresStatement(sql, parameters)
        }
        let outcomes: [PostgresOutcome]
        do {
            outcomes = try await pool.withConnection { connection in try await connection.pipeline(statements) }
        } catch let error as PostgresError where error.isUniqueViolation && error.constraint == "events_stream_version"
        {
            throw EventStoreError(
                .concurrencyConflict, "a stream moved while \(changes.count) changes were recorded together")
        } catch {
            throw EventStoreError.from(error)
        }
        var results = [Result<AppendResult, EventStoreError>](
            repeating: .failure(EventStoreError(.unavailable, "no answer")), count: changes.count)
        for (index, outcome) in zip(order, outcomes) {
            let change = changes[index]
            do {
                results[index] = .success(try Self.result(of: change, row: outcome.rows.first))
            } catch {
                results[index] = .failure(
                    Self.recordingError(error, change.stream, expectedVersion: change.expectedVersion))
            }
        }
        return results
    }

    /// Reads the row of `recordStatement`.
    private static func result(of change: StreamChange, row: PostgresRow?) throws -> AppendResult {
        if try row?.bool("seen") ?? false, !skipDedupControl { return .duplicate }
        if try row?.bool("fresh") ?? false || skipDedupControl {
            return .committed(version: change.expectedVersion + change.events.count)
        }
        // Nothing written and not seen before: another delivery of this message committed while
        // this statement waited on its dedup row, or (a rejection only: an append on a moved
        // stream fails on its version) the stream moved since the decision.
        guard change.events.isEmpty else { return .duplicate }
        let current = try row?.int("current_version") ?? 0
        guard current == change.expectedVersion else {
            throw EventStoreError(
                .concurrencyConflict, "stream is at version \(current), decided on \(change.expectedVersion)",
                stream: change.stream)
        }
        return .duplicate
    }

    private static func recordingError(_ error: any Error, _ stream: StreamID, expectedVersion: Int) -> EventStoreError
    {
        switch error {
        case let error as PostgresError where error.isUniqueViolation && error.constraint == "events_stream_version":
            EventStoreError(.concurrencyConflict, "stream moved past version \(expectedVersion)", stream: stream)
        case let error as EventStoreError: error
        default: EventStoreError.from(error, stream: stream)
        }
    }

    #if CHAOS_CONTROL_SKIP_DEDUP  // a negative control of scripts/chaos, never set otherwise
        private static let skipDedupControl = true
        private static let freshGuard = "true"
    #else
        private static let skipDedupControl = false
        private static let freshGuard = "EXISTS (SELECT 1 FROM fresh)"
    #endif

    /// The dedup insert, then, only when the message is fresh, the events at expectedVersion + 1 …
    /// and the command's outcome, all in one snapshot (data-modifying CTEs). It returns whether the
    /// message had been processed before (`seen`), whether it is now (`fresh`) and, for a rejection,
    /// the stream's version: a rejection writes nothing unless the stream is still at the version it
    /// was decided on, while an append is checked by the unique (aggregate_id, version).
    /// `holdOpen` (the chaos harness's gap race) sleeps after the first event took its position, so
    /// the transaction commits after later ones.
    static func recordStatement(_ change: StreamChange, holdOpen: Duration? = nil) -> (
        String, [(any PostgresBindable)?]
    ) {
        let (state, reason): (String, String?) =
            switch change.outcome {
            case .pending, .succeeded: ("SUCCEEDED", nil)
            case .rejected(let reason): ("REJECTED", reason)
            }
        var parameters: [(any PostgresBindable)?] = [
            change.stream.aggregateType, change.stream.id, change.messageID, change.commandID, state, reason,
        ]
        let currentVersion =
            "(SELECT coalesce(max(version), 0) FROM events WHERE aggregate_id = $2 AND aggregate_type = $1)"
        var freshCondition = ""
        var appended = ""
        // Reading `appended` orders the outcome after the events (sibling CTEs run in no defined
        // order): the events take their positions first.
        var afterAppend = ""
        var held = ""
        if change.events.isEmpty {
            parameters.append(change.expectedVersion)
            freshCondition = " WHERE \(currentVersion) = $\(parameters.count)::integer"
        } else {
            // Bound only where used: PostgreSQL must infer every parameter's type from the statement.
            parameters.append(change.traceparent)
            var values: [String] = []
            for (offset, event) in change.events.enumerated() {
                let base = parameters.count
                values.append("($\(base + 1)::uuid, $\(base + 2)::integer, $\(base + 3)::text, $\(base + 4)::jsonb)")
                parameters += [
                    UUID(), change.expectedVersion + offset + 1, event.type,
                    String(decoding: event.payload, as: UTF8.self),
                ]
            }
            afterAppend = " AND (SELECT count(*) FROM appended) = \(change.events.count)"
            appended = """
                , appended AS (
                    INSERT INTO events (event_id, aggregate_type, aggregate_id, version, event_type, payload, causation_id, traceparent)
                    SELECT e.event_id, $1, $2, e.version, e.event_type, e.payload, $3, $7::text
                    FROM (VALUES \(values.joined(separator: ", "))) AS e (event_id, version, event_type, payload)
                    WHERE \(freshGuard)
                    RETURNING version
                )
                """
            if let holdOpen {
                let milliseconds =
                    holdOpen.components.seconds * 1000 + holdOpen.components.attoseconds / 1_000_000_000_000_000
                parameters.append(Int(milliseconds))
                held = """
                    , (SELECT count(*) FROM (SELECT pg_sleep($\(parameters.count)::integer / 1000.0) FROM appended LIMIT 1) AS slept) AS held
                    """
            }
        }
        let sql = """
            WITH fresh AS (
                INSERT INTO processed_messages (message_id) SELECT $3::uuid\(freshCondition)
                ON CONFLICT DO NOTHING RETURNING message_id
            )\(appended), outcome AS (
                INSERT INTO command_outcomes (command_id, state, reason)
                SELECT $4::uuid, $5::text, $6::text WHERE $4::uuid IS NOT NULL AND \(freshGuard)\(afterAppend)
                ON CONFLICT DO NOTHING
            )
            SELECT EXISTS (SELECT 1 FROM processed_messages WHERE message_id = $3) AS seen,
                   EXISTS (SELECT 1 FROM fresh) AS fresh,
                   \(change.events.isEmpty ? currentVersion : "NULL::integer") AS current_version\(held)
            """
        return (sql, parameters)
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

    public func unpublished(limit: Int, excluding excluded: Set<Int64>) async throws(EventStoreError)
        -> [RecordedEvent]
    {
        let excludedPositions = "{" + excluded.map(String.init).joined(separator: ",") + "}"
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    "SELECT \(RecordedEvent.columns) FROM events WHERE published_at IS NULL \(Self.gapGuardControl)"
                        + " AND position <> ALL($2::bigint[]) ORDER BY position LIMIT $1",
                    [limit, excludedPositions])
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

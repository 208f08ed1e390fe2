import Foundation
import Logging
import Postgres
import PostgresEventStore

/// Raw PostgreSQL optimistic appends in scratch tables of the event-store database: per
/// transaction `UPDATE streams SET version = version + 1 WHERE id = $1 AND version = $2` and an
/// `INSERT` of one event row shaped like the service's (same columns, indexes and payload size),
/// through the project's `PostgresPool`. Each connection appends to a stream of its own, so this
/// is the ceiling of the event store on this server.
struct PostgresAppendBaseline: Sendable {
    let url: String
    let warmUp: Duration
    let duration: Duration
    /// An event payload as the service writes it (JSON text).
    let payload: String
    let logger: Logger

    /// The scratch tables are copies of the service's `events` (columns, defaults, constraints and
    /// indexes, `LIKE … INCLUDING ALL`), so the ceiling follows the real schema as it changes; only
    /// the position gets a sequence of its own. The NOTIFY trigger is not copied: a raw append.
    static let schema = """
        DROP TABLE IF EXISTS bench_baseline_events;
        DROP TABLE IF EXISTS bench_baseline_streams;
        DROP SEQUENCE IF EXISTS bench_baseline_positions;
        CREATE TABLE bench_baseline_streams (id uuid PRIMARY KEY, version integer NOT NULL);
        CREATE TABLE bench_baseline_events (LIKE events INCLUDING ALL);
        CREATE SEQUENCE bench_baseline_positions OWNED BY bench_baseline_events.position;
        ALTER TABLE bench_baseline_events ALTER COLUMN position SET DEFAULT nextval('bench_baseline_positions');
        """

    /// Runs once per connection count, in fresh scratch tables dropped afterwards.
    func run(connectionCounts: [Int]) async throws -> [AppendBaselineResult] {
        let schemaPool = PostgresPool(url: url, maxConnections: 1, logger: logger)
        do {
            try await EventStoreSchema.migrate(schemaPool)  // the scratch tables copy `events`
            await schemaPool.close()
        } catch {
            await schemaPool.close()
            throw error
        }
        let admin = try await PostgresConnection.connect(url: url, logger: logger)
        defer { admin.close() }
        var results: [AppendBaselineResult] = []
        for connections in connectionCounts {
            try await admin.executeScript(Self.schema)
            results.append(try await run(connections: connections))
        }
        try await admin.executeScript(
            "DROP TABLE IF EXISTS bench_baseline_events; DROP TABLE IF EXISTS bench_baseline_streams;")
        return results
    }

    private func run(connections: Int) async throws -> AppendBaselineResult {
        let pool = PostgresPool(url: url, maxConnections: connections, logger: logger)
        let clock = ContinuousClock()
        let start = clock.now
        let (measureFrom, end) = (start + warmUp, start + warmUp + duration)
        let totals = Locked((transactions: 0, conflicts: 0, latencies: [Int64]()))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<connections {
                    group.addTask {
                        let stream = UUID()
                        var version = 0
                        try await pool.withConnection { connection in
                            try await connection.execute(
                                "INSERT INTO bench_baseline_streams (id, version) VALUES ($1, 0)", [stream])
                        }
                        var mine = (transactions: 0, conflicts: 0, latencies: [Int64]())
                        while clock.now < end {
                            let began = clock.now
                            let updated = try await append(pool, stream: stream, version: version)
                            if updated { version += 1 } else { mine.conflicts += 1 }
                            if began >= measureFrom, clock.now <= end {
                                mine.transactions += 1
                                mine.latencies.append(Self.micros(began.duration(to: clock.now)))
                            }
                        }
                        totals.withLock {
                            $0.transactions += mine.transactions
                            $0.conflicts += mine.conflicts
                            $0.latencies += mine.latencies
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
        let result = totals.value
        let seconds = ProgressReporter.seconds(duration)
        return AppendBaselineResult(
            connections: connections, transactions: result.transactions,
            transactionsPerS: Double(result.transactions) / seconds, conflicts: result.conflicts,
            latency: LatencySummary(micros: result.latencies))
    }

    /// One optimistic append; false when the stream was not at `version`.
    private func append(_ pool: PostgresPool, stream: UUID, version: Int) async throws -> Bool {
        try await pool.withTransaction { connection in
            let updated = try await connection.execute(
                "UPDATE bench_baseline_streams SET version = version + 1 WHERE id = $1 AND version = $2",
                [stream, version])
            guard updated == 1 else { return false }
            try await connection.execute(
                """
                INSERT INTO bench_baseline_events
                    (event_id, aggregate_type, aggregate_id, version, event_type, payload, causation_id, traceparent)
                VALUES ($1, 'Investor', $2, $3, 'BidOnInvoicePlaced', $4::jsonb, $5, $6)
                """,
                [UUID(), stream, version + 1, payload, UUID(), TraceContext.traceparent(for: stream)])
            return true
        }
    }

    static func micros(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}

import EventSourcing
import Foundation
import Postgres

extension PostgresEventStore: SnapshotStore {
    public func latestSnapshot(of stream: StreamID, revision: Int) async throws(EventStoreError) -> Snapshot? {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    "SELECT version, state::text AS state FROM snapshots WHERE aggregate_id = $1 AND revision = $2",
                    [stream.id, revision])
            }
            guard let row = rows.first else { return nil }
            return Snapshot(stream: stream, version: try row.int("version"), state: Array(try row.string("state").utf8))
        } catch {
            throw EventStoreError.from(error, stream: stream)
        }
    }

    public func save(_ snapshot: Snapshot, revision: Int) async throws(EventStoreError) {
        do {
            try await pool.withConnection { connection in
                try await connection.execute(
                    """
                    INSERT INTO snapshots (aggregate_id, revision, version, state) VALUES ($1, $2, $3, $4::jsonb)
                    ON CONFLICT (aggregate_id, revision) DO UPDATE
                    SET version = EXCLUDED.version, state = EXCLUDED.state, taken_at = now()
                    WHERE snapshots.version < EXCLUDED.version
                    """,
                    [snapshot.stream.id, revision, snapshot.version, String(decoding: snapshot.state, as: UTF8.self)])
            }
        } catch {
            throw EventStoreError.from(error, stream: snapshot.stream)
        }
    }

    /// The snapshot travels as the first row, in the event columns (its state in `payload`), so
    /// loading an aggregate costs one round trip whether or not it has a snapshot.
    static let loadFromLatestSnapshotQuery = """
        WITH snapshot AS (
            SELECT version, state::text AS state FROM snapshots WHERE aggregate_id = $1 AND revision = $3
        )
        SELECT 0 AS part, NULL::bigint AS position, NULL::uuid AS event_id, NULL::text AS aggregate_type,
               NULL::uuid AS aggregate_id, version, NULL::text AS event_type, NULL::integer AS schema_version,
               state AS payload, NULL::uuid AS causation_id, NULL::text AS traceparent, NULL::bigint AS recorded_at_us
        FROM snapshot
        UNION ALL
        SELECT 1 AS part, \(RecordedEvent.columns) FROM events
        WHERE aggregate_id = $1 AND aggregate_type = $2 AND version > coalesce((SELECT version FROM snapshot), 0)
        ORDER BY part, version
        """

    public func loadFromLatestSnapshot(_ stream: StreamID, revision: Int) async throws(EventStoreError) -> (
        snapshot: Snapshot?, later: [RecordedEvent]
    ) {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    Self.loadFromLatestSnapshotQuery, [stream.id, stream.aggregateType, revision])
            }
            var snapshot: Snapshot?
            var later: [RecordedEvent] = []
            later.reserveCapacity(rows.count)
            for row in rows {
                if try row.int("part") == 0 {
                    snapshot = Snapshot(
                        stream: stream, version: try row.int("version"), state: Array(try row.string("payload").utf8))
                } else {
                    later.append(try RecordedEvent(row: row))
                }
            }
            return (snapshot, later)
        } catch {
            throw EventStoreError.from(error, stream: stream)
        }
    }
}

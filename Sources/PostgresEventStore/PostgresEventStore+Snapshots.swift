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

    public func load(_ stream: StreamID, after version: Int) async throws(EventStoreError) -> [RecordedEvent] {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT \(RecordedEvent.columns) FROM events
                    WHERE aggregate_id = $1 AND aggregate_type = $2 AND version > $3 ORDER BY version
                    """, [stream.id, stream.aggregateType, version])
            }
            return try rows.map { row throws(PostgresError) in try RecordedEvent(row: row) }
        } catch {
            throw EventStoreError.from(error, stream: stream)
        }
    }
}

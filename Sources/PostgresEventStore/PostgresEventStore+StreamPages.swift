import EventSourcing
import Postgres

extension PostgresEventStore: StreamPages {
    public func events(of stream: StreamID, afterVersion: Int, limit: Int) async throws(EventStoreError)
        -> [RecordedEvent]
    {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT \(RecordedEvent.columns) FROM events
                    WHERE aggregate_id = $1 AND aggregate_type = $2 AND version > $3
                    ORDER BY version LIMIT $4
                    """, [stream.id, stream.aggregateType, Int64(afterVersion), Int64(limit)])
            }
            return try rows.map { row throws(PostgresError) in try RecordedEvent(row: row) }
        } catch {
            throw EventStoreError.from(error, stream: stream)
        }
    }
}

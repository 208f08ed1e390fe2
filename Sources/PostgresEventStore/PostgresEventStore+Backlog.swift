import EventSourcing
import Postgres

extension PostgresEventStore {
    /// Counts the relayer's work queue; the partial index `events_unpublished` keeps it a small scan
    /// while the relayer keeps up. The age is measured by the server's clock, the one that stamped
    /// `recorded_at`.
    public func backlog() async throws(EventStoreError) -> OutboxBacklog {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT count(*) AS unpublished,
                           coalesce((extract(epoch FROM clock_timestamp() - min(recorded_at)) * 1000)::bigint, 0)
                               AS oldest_age_ms
                    FROM events WHERE published_at IS NULL
                    """)
            }
            guard let row = rows.first else { return OutboxBacklog(unpublished: 0, oldestAge: .zero) }
            return OutboxBacklog(
                unpublished: try row.int("unpublished"),
                oldestAge: .milliseconds(max(0, try row.int64("oldest_age_ms"))))
        } catch {
            throw EventStoreError.from(error)
        }
    }
}

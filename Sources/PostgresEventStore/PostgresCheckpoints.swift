import EventSourcing
import Postgres

/// Where each follower of the event store has got to, in the event store's `subscriptions` table.
public struct PostgresCheckpoints: CheckpointStore, Sendable {
    private let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func position(of follower: String) async throws(EventStoreError) -> FeedPosition {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    "SELECT transaction_id::text AS transaction_id, position FROM subscriptions WHERE name = $1",
                    [follower])
            }
            guard let row = rows.first else { return .start }
            guard let transaction = UInt64(try row.string("transaction_id")) else {
                throw EventStoreError(.corrupt, "checkpoint of \(follower) is not an xid8")
            }
            return FeedPosition(transaction: transaction, position: try row.int64("position"))
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func save(_ position: FeedPosition, for follower: String) async throws(EventStoreError) {
        try await write(position, for: follower, forwardOnly: true)
    }

    public func reset(_ follower: String, to position: FeedPosition) async throws(EventStoreError) {
        try await write(position, for: follower, forwardOnly: false)
    }

    private func write(_ position: FeedPosition, for follower: String, forwardOnly: Bool) async throws(EventStoreError)
    {
        let guardClause =
            forwardOnly
            ? "WHERE (subscriptions.transaction_id, subscriptions.position) < (EXCLUDED.transaction_id, EXCLUDED.position)"
            : ""
        do {
            try await pool.withConnection { connection in
                try await connection.execute(
                    """
                    INSERT INTO subscriptions (name, transaction_id, position) VALUES ($1, $2::text::xid8, $3)
                    ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
                        position = EXCLUDED.position, updated_at = now() \(guardClause)
                    """, [follower, String(position.transaction), position.position])
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }
}

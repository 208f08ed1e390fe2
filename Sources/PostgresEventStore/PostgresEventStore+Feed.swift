import EventSourcing
import Postgres

extension PostgresEventStore: EventFeed {
    /// Events after `position` in (transaction, position) order, from transactions older than every
    /// transaction still running (`pg_snapshot_xmin` of the current snapshot): those have all ended,
    /// so none of them can still commit behind the reader. A long-running transaction holds the feed
    /// back (it waits, it never skips); every write here is one short statement.
    ///
    /// The order is the `xid8` column's, written `events.transaction_id`: a bare name in ORDER BY
    /// would be the text alias of the select list, and text puts "10004" before "9548", a page that
    /// jumps past every transaction of fewer digits once the ids gain one.
    public func events(after position: FeedPosition, limit: Int) async throws(EventStoreError) -> [FeedEvent] {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT \(RecordedEvent.columns), transaction_id::text AS transaction_text FROM events
                    WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
                      AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                    ORDER BY events.transaction_id, events.position LIMIT $3
                    """, [String(position.transaction), position.position, limit])
            }
            return try rows.map { row throws(PostgresError) in
                let event = try RecordedEvent(row: row)
                return FeedEvent(event: event, position: try Self.feedPosition(row, event.position))
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func end() async throws(EventStoreError) -> FeedPosition {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT transaction_id::text AS transaction_text, position FROM events
                    WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                    ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1
                    """)
            }
            guard let row = rows.first else { return .start }
            return try Self.feedPosition(row, try row.int64("position"))
        } catch {
            throw EventStoreError.from(error)
        }
    }

    private static func feedPosition(_ row: PostgresRow, _ position: Int64) throws(PostgresError) -> FeedPosition {
        let text = try row.string("transaction_text")
        guard let transaction = UInt64(text) else {
            throw PostgresError(code: .decodingFailed, message: "transaction_id \(text) is not an xid8")
        }
        return FeedPosition(transaction: transaction, position: position)
    }
}

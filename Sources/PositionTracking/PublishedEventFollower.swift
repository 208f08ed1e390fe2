import Postgres
import Synchronization

/// Reads the event store's `events` table by position and returns each event once it is
/// published, exactly once, without a consumer on the broker. `PositionCursor` decides which
/// positions each poll asks for, so an insert that commits after a higher one is not skipped.
public final class PublishedEventFollower: Sendable {
    static let query = """
        SELECT position, aggregate_type, aggregate_id, version, event_type, traceparent,
               (extract(epoch FROM published_at) * 1000000)::bigint AS published_us
        FROM events WHERE position > $1 OR position = ANY($2::bigint[])
        ORDER BY position LIMIT \(batch)
        """
    /// Rows per poll at most; a full poll means more are waiting.
    public static let batch = 2_000

    private let pool: PostgresPool
    private let cursor: Mutex<PositionCursor>

    /// Follows the events recorded after `position`.
    public init(pool: PostgresPool, after position: Int64, holeTimeoutMicros: Int64 = 5_000_000) {
        self.pool = pool
        cursor = Mutex(PositionCursor(after: position, holeTimeoutMicros: holeTimeoutMicros))
    }

    /// Follows the events recorded from now on.
    public static func fromNow(pool: PostgresPool) async throws -> PublishedEventFollower {
        let rows = try await pool.withConnection { connection in
            try await connection.query("SELECT coalesce(max(position), 0) AS high FROM events")
        }
        return PublishedEventFollower(pool: pool, after: try rows.first?.int64("high") ?? 0)
    }

    /// Positions given up on: never seen below the highest one within the hole timeout, most likely
    /// inserts that rolled back.
    public var abandonedPositions: Int { cursor.withLock { $0.abandonedHoles } }

    /// One poll: the events newly seen published, in position order, and how many rows it read
    /// (`batch` when more may be waiting).
    public func poll(nowMicros: Int64) async throws -> (events: [PublishedEvent], rowsRead: Int) {
        let (high, revisit) = cursor.withLock { ($0.high, $0.revisit) }
        let positions = "{" + revisit.map(String.init).joined(separator: ",") + "}"
        let rows = try await pool.withConnection { connection in
            try await connection.query(Self.query, [high, positions])
        }
        var published: [Int64: PublishedEvent] = [:]
        var polled: [PositionCursor.Row] = []
        for row in rows {
            let position = try row.int64("position")
            let publishedMicros = try row.optionalInt64("published_us")
            polled.append((position: position, published: publishedMicros != nil))
            guard let publishedMicros else { continue }
            published[position] = PublishedEvent(
                position: position, aggregateType: try row.string("aggregate_type"),
                aggregateID: try row.uuid("aggregate_id"), version: try row.int("version"),
                eventType: try row.string("event_type"), traceparent: try row.optionalString("traceparent"),
                publishedMicros: publishedMicros)
        }
        let report = cursor.withLock { $0.take(polled, nowMicros: nowMicros) }
        return (report.compactMap { published[$0] }, rows.count)
    }
}

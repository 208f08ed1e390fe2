import Foundation
import Logging
import PositionTracking
import Postgres
import Synchronization

/// Learns of events from the event store instead of the bus: polls `events` by position and hands
/// each row to the recipients once the relayer has marked it published, timed by its
/// `published_at` (set right after the broker acknowledged it). The broker serves no extra reader,
/// so the bench does not add to the load it measures there.
///
/// `PositionCursor` keeps asking for positions that were skipped (an insert that commits after a
/// higher one) and rows not yet published, so no event is missed or reported twice.
final class StoreEventFeed: EventFeed {
    static let query = """
        SELECT position, aggregate_type, aggregate_id, version, event_type, traceparent,
               (extract(epoch FROM published_at) * 1000000)::bigint AS published_us
        FROM events WHERE position > $1 OR position = ANY($2::bigint[])
        ORDER BY position LIMIT \(batch)
        """
    static let batch = 2_000

    private let pool: PostgresPool
    private let recipients: SightingRecipients
    private let interval: Duration
    private let logger: Logger
    private let cursor: Mutex<PositionCursor>
    private let received = Atomic<Int>(0)

    /// Follows the events recorded after this moment.
    static func start(
        pool: PostgresPool, recipients: SightingRecipients, interval: Duration, logger: Logger
    ) async throws -> StoreEventFeed {
        let rows = try await pool.withConnection { connection in
            try await connection.query("SELECT coalesce(max(position), 0) AS high FROM events")
        }
        let high = try rows.first?.int64("high") ?? 0
        return StoreEventFeed(
            pool: pool, recipients: recipients, interval: interval, after: high, logger: logger)
    }

    private init(
        pool: PostgresPool, recipients: SightingRecipients, interval: Duration, after position: Int64, logger: Logger
    ) {
        self.pool = pool
        self.recipients = recipients
        self.interval = interval
        self.cursor = Mutex(PositionCursor(after: position))
        self.logger = logger
    }

    var receivedCount: Int { received.load(ordering: .relaxed) }

    /// Positions never seen below the highest one: inserts rolled back (an optimistic-concurrency
    /// retry, for one), or committed later than the cursor waits.
    var abandonedPositions: Int { cursor.withLock { $0.abandonedHoles } }

    /// Polls until the task is cancelled; at once again while a poll comes back full.
    func run() async {
        while !Task.isCancelled {
            var full = false
            do {
                full = try await pollOnce() == Self.batch
            } catch {
                logger.warning("reading events from the event store failed", metadata: ["error": "\(error)"])
            }
            if !full { try? await Task.sleep(for: interval) }
        }
    }

    private func pollOnce() async throws -> Int {
        let (high, revisit) = cursor.withLock { ($0.high, $0.revisit) }
        let positions = "{" + revisit.map(String.init).joined(separator: ",") + "}"
        let rows = try await pool.withConnection { connection in
            try await connection.query(Self.query, [high, positions])
        }
        var sightings: [Int64: EventSighting] = [:]
        var polled: [PositionCursor.Row] = []
        for row in rows {
            let position = try row.int64("position")
            let published = try row.optionalInt64("published_us")
            polled.append((position: position, published: published != nil))
            guard let published else { continue }
            sightings[position] = EventSighting(
                commandID: try row.optionalString("traceparent").flatMap(TraceContext.commandID(in:)),
                aggregateType: try row.string("aggregate_type"), aggregateID: try row.uuid("aggregate_id"),
                version: try row.int("version"), eventType: try row.string("event_type"), atMicros: published)
        }
        let report = cursor.withLock { $0.take(polled, nowMicros: WallClock.nowMicros()) }
        for position in report {
            guard let sighting = sightings[position] else { continue }
            received.add(1, ordering: .relaxed)
            recipients.take(sighting)
        }
        return rows.count
    }
}

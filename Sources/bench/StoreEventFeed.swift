import Logging
import PositionTracking
import Postgres
import Synchronization

/// Learns of events from the event store instead of the bus: a `PublishedEventFollower` returns
/// each event once the relayer has marked it published, timed by its `published_at` (set right
/// after the broker acknowledged it). The broker serves no extra reader, so the bench does not add
/// to the load it measures there.
final class StoreEventFeed: EventFeed {
    private let follower: PublishedEventFollower
    private let recipients: SightingRecipients
    private let interval: Duration
    private let logger: Logger
    private let received = Atomic<Int>(0)

    /// Follows the events recorded after this moment.
    init(pool: PostgresPool, recipients: SightingRecipients, interval: Duration, logger: Logger) async throws {
        follower = try await PublishedEventFollower.fromNow(pool: pool)
        self.recipients = recipients
        self.interval = interval
        self.logger = logger
    }

    var receivedCount: Int { received.load(ordering: .relaxed) }

    /// Positions never seen below the highest one: inserts rolled back (a grouped transaction that
    /// met a version conflict, for one), or committed later than the follower waits.
    var abandonedPositions: Int { follower.abandonedPositions }

    /// Polls until the task is cancelled; at once again while a poll comes back full.
    func run() async {
        while !Task.isCancelled {
            var full = false
            do {
                let (events, rowsRead) = try await follower.poll(nowMicros: WallClock.nowMicros())
                full = rowsRead == PublishedEventFollower.batch
                for event in events {
                    received.add(1, ordering: .relaxed)
                    recipients.take(
                        EventSighting(
                            commandID: event.traceparent.flatMap(TraceContext.commandID(in:)),
                            aggregateType: event.aggregateType, aggregateID: event.aggregateID,
                            version: event.version, eventType: event.eventType, atMicros: event.publishedMicros))
                }
            } catch {
                logger.warning("reading events from the event store failed", metadata: ["error": "\(error)"])
            }
            if !full { try? await Task.sleep(for: interval) }
        }
    }
}

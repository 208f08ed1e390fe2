import Foundation
import PositionTracking
import Postgres
import Testing

/// The bench's way of following the event store without the broker, on the real `events` table:
/// concurrent inserts that commit out of position order, rows not yet published, rolled-back inserts.
@Suite("PublishedEventFollower on the real event store")
struct PublishedEventFollowerTests {
    static let logger = TestLogging.logger("follower")

    /// Inserts one event row of a new aggregate on `connection`; returns its position and aggregate id.
    private static func insert(_ connection: PostgresConnection) async throws -> (position: Int64, id: UUID) {
        let id = UUID()
        let rows = try await connection.query(
            """
            INSERT INTO events (event_id, aggregate_type, aggregate_id, version, event_type, payload)
            VALUES ($1, 'Investor', $2, 1, 'InvestorRegistered', '{}') RETURNING position
            """, [UUID(), id])
        return (try rows[0].int64("position"), id)
    }

    /// What the relayer does once the broker acknowledged these positions.
    private static func markPublished(_ database: TestDatabase, _ positions: [Int64]) async throws {
        let array = "{" + positions.map(String.init).joined(separator: ",") + "}"
        try await database.pool.withConnection { connection in
            try await connection.execute(
                "UPDATE events SET published_at = now() WHERE position = ANY($1::bigint[])", [array])
        }
    }

    @Test("an insert that commits after a later one is still returned, and nothing is returned twice")
    func lateCommitIsNotSkipped() async throws {
        try await TestDatabase.with { database in
            let follower = try await PublishedEventFollower.fromNow(pool: database.pool)
            let held = try await PostgresConnection.connect(url: database.url, logger: Self.logger)
            defer { held.close() }
            try await held.execute("BEGIN")
            let early = try await Self.insert(held)
            let late = try await database.pool.withConnection { try await Self.insert($0) }
            #expect(early.position < late.position)
            try await Self.markPublished(database, [late.position])
            #expect(try await follower.poll(nowMicros: 0).events.map(\.position) == [late.position])

            try await held.execute("COMMIT")
            try await Self.markPublished(database, [early.position])
            let second = try await follower.poll(nowMicros: 1).events
            #expect(second.map(\.position) == [early.position])
            #expect(second.first?.aggregateID == early.id)
            #expect(try await follower.poll(nowMicros: 2).events.isEmpty)
            #expect(follower.abandonedPositions == 0)
        }
    }

    @Test("a row is returned only once published, and a rolled-back position is given up after the timeout")
    func unpublishedRowsWaitAndRollbacksAreAbandoned() async throws {
        try await TestDatabase.with { database in
            let follower = PublishedEventFollower(pool: database.pool, after: 0, holeTimeoutMicros: 1_000)
            let first = try await database.pool.withConnection { try await Self.insert($0) }
            #expect(try await follower.poll(nowMicros: 0).events.isEmpty, "committed but not published yet")

            let rolledBack = try await PostgresConnection.connect(url: database.url, logger: Self.logger)
            defer { rolledBack.close() }
            try await rolledBack.execute("BEGIN")
            _ = try await Self.insert(rolledBack)
            try await rolledBack.execute("ROLLBACK")
            let third = try await database.pool.withConnection { try await Self.insert($0) }
            try await Self.markPublished(database, [first.position, third.position])

            let events = try await follower.poll(nowMicros: 10).events
            #expect(events.map(\.position) == [first.position, third.position])
            #expect(events.map(\.aggregateType) == ["Investor", "Investor"])
            #expect(events.allSatisfy { $0.publishedMicros > 0 && $0.version == 1 })
            #expect(follower.abandonedPositions == 0, "the hole is still waited for")
            #expect(try await follower.poll(nowMicros: 2_000).events.isEmpty)
            #expect(follower.abandonedPositions == 1)
        }
    }
}

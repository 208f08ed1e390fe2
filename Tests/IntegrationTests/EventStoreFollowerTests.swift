import EventSourcing
import FinancingDomain
import Foundation
import Postgres
import PostgresEventStore
import Synchronization
import Testing

@Suite("EventStoreFollower on the real event store: commit order, a saved position, nothing skipped")
struct EventStoreFollowerTests {
    /// What a follower was handed, batch by batch.
    final class Received: Sendable {
        private let batches = Mutex<[[RecordedEvent]]>([])
        var events: [RecordedEvent] { batches.withLock { $0.flatMap { $0 } } }
        func append(_ batch: [RecordedEvent]) { batches.withLock { $0.append(batch) } }
    }

    private static func follower(
        _ database: TestDatabase, name: String = "test", lockKey: Int64 = 4_711,
        process: @escaping @Sendable ([RecordedEvent]) async throws -> Void
    ) -> EventStoreFollower {
        EventStoreFollower(
            name: name, feed: database.store, checkpoints: PostgresCheckpoints(pool: database.pool),
            lock: PostgresLeaderLock(url: database.url, key: lockKey, logger: TestLogging.logger("lock")),
            interval: .milliseconds(20), batchSize: 3, logger: TestLogging.logger("follower"), process: process)
    }

    /// Runs `follower` until `condition` holds, then stops it.
    private static func run(
        _ follower: EventStoreFollower, until what: String, _ condition: @escaping @Sendable () async throws -> Bool
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.run() }
            defer { group.cancelAll() }
            try await waitUntil(what, condition)
        }
    }

    @Test("every event once, in position order, in batches; a restart goes on after the saved position")
    func followsAndResumes() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            for _ in 0..<4 { try await harness.registerInvestor(balance: cents(100)) }
            let stored = try await database.allEvents()
            let first = Received()
            try await Self.run(Self.follower(database) { first.append($0) }, until: "all events are read") {
                first.events.count >= stored.count
            }
            #expect(first.events.map(\.position) == stored.map(\.position))
            #expect(first.events.map(\.eventID) == stored.map(\.eventID))

            try await harness.registerIssuer()
            let later = try await database.allEvents().dropFirst(stored.count)
            let second = Received()
            try await Self.run(Self.follower(database) { second.append($0) }, until: "the new events are read") {
                second.events.count >= later.count
            }
            try await Task.sleep(for: .milliseconds(100))
            #expect(second.events.map(\.position) == later.map(\.position), "only what came after the checkpoint")
        }
    }

    @Test("a batch that fails is retried, never skipped; the position is saved only after it succeeds")
    func failingBatchIsRetried() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            try await harness.registerInvestor(balance: cents(100))
            let stored = try await database.allEvents()
            let attempts = Atomic<Int>(0)
            let received = Received()
            let follower = Self.follower(database) { batch in
                guard attempts.add(1, ordering: .relaxed).newValue > 2 else { throw TestSetupError("not yet") }
                received.append(batch)
            }
            try await Self.run(follower, until: "the batch is processed") { received.events.count >= stored.count }
            #expect(attempts.load(ordering: .relaxed) >= 3)
            #expect(received.events.map(\.position) == stored.map(\.position))
            let saved = try await PostgresCheckpoints(pool: database.pool).position(of: "test")
            #expect(saved.position == stored.last?.position)
        }
    }

    @Test("events of a transaction that commits after an older one still open wait for it, they are not passed over")
    func waitsForAnOlderOpenTransaction() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let older = try await PostgresConnection.connect(url: database.url, logger: TestLogging.logger("older"))
            defer { older.close() }
            try await older.execute("BEGIN")
            _ = try await older.query("SELECT pg_current_xact_id()")  // it has an xid, older than what follows
            try await harness.registerIssuer()
            #expect(try await database.store.events(after: .start, limit: 10).isEmpty)

            try await older.execute("COMMIT")
            try await waitUntil("the committed events are returned") {
                try await database.store.events(after: .start, limit: 10).count == 1
            }
        }
    }

    @Test("one follower per name: a second instance stands by while the first holds the lock")
    func oneLeaderPerName() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            try await harness.registerIssuer()
            let leader = Received()
            let standby = Received()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.follower(database) { leader.append($0) }.run() }
                try await waitUntil("the leader reads") { !leader.events.isEmpty }
                group.addTask { try await Self.follower(database) { standby.append($0) }.run() }
                try await harness.registerIssuer()
                try await waitUntil("the leader reads the new event") { leader.events.count >= 2 }
                try await Task.sleep(for: .milliseconds(200))
                group.cancelAll()
            }
            #expect(standby.events.isEmpty)
            #expect(leader.events.count == 2)
        }
    }
}

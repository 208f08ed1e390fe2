import EventSourcing
import Foundation
import PostgresEventStore
import Relayer
import Testing

/// Issue 6: the relayer is woken by the NOTIFY that committing events sends, so publication does
/// not wait for the next poll. The poll interval here is a minute: only the notification can
/// explain a publication within the test's deadline.
@Suite("RelayerService woken by PostgreSQL NOTIFY")
struct RelayerWakeupTests {
    static let logger = TestLogging.logger("relayer-wakeup")

    @Test("with a one-minute poll interval, committed events are still published at once, again and again")
    func commitsWakeTheRelayer() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let published = RecordingPublisher()
            let signal = PostgresOutboxNotifications(url: database.url, logger: Self.logger)
            let relayer = RelayerService(
                outbox: database.store, publisher: published,
                lock: PostgresLeaderLock(url: database.url, logger: Self.logger), signal: signal,
                interval: .seconds(60), logger: Self.logger)
            let running = Task { try await relayer.run() }
            defer { running.cancel() }
            // The first pass finds nothing and starts listening; from then on every commit wakes it.
            try await waitUntil("the relayer listens") { try await Self.listeners(database) == 1 }

            for round in 1...3 {
                let investor = try await harness.registerInvestor(balance: cents(100))
                try await waitUntil("round \(round) is published", timeout: .seconds(15)) {
                    published.messages.filter { $0.key == investor.description }.count == 2
                }
            }
            #expect(published.messages.count == 6)
            running.cancel()
            try await running.value
            try await waitUntil("the relayer closed its LISTEN session") { try await Self.listeners(database) == 0 }
        }
    }

    /// Sessions of the test's database that LISTEN on a channel (the relayer's notification session).
    private static func listeners(_ database: TestDatabase) async throws -> Int {
        let rows = try await database.query(
            """
            SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND query ILIKE 'LISTEN%'
            """)
        return try rows.first?.int("n") ?? 0
    }
}

import Postgres
import Testing

@Suite("LISTEN/NOTIFY against a real server")
struct PostgresNotificationTests {
    @Test("a NOTIFY from another connection is delivered")
    func deliversNotification() async throws {
        let channel = TestDatabase.uniqueName("Events")  // mixed case: the name must be matched exactly
        let listener = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { listener.close() }
        let sender = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { sender.close() }
        try await listener.listen(channel)

        async let received = listener.waitForNotifications(timeout: .seconds(10))
        try await Task.sleep(for: .milliseconds(100))
        try await sender.query("SELECT pg_notify($1, 'payload')", [channel])
        #expect(try await received == [channel])
    }

    @Test("a NOTIFY that arrived before waiting is not lost")
    func deliversBufferedNotification() async throws {
        let channel = TestDatabase.uniqueName("outbox")
        let listener = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { listener.close() }
        let sender = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { sender.close() }
        try await listener.listen(channel)
        try await sender.query("SELECT pg_notify($1, ''), pg_notify($1, 'again')", [channel])
        // The notifications arrive while the listener runs an unrelated query; libpq buffers them.
        try await Task.sleep(for: .milliseconds(100))
        _ = try await listener.query("SELECT 1")

        let received = try await listener.waitForNotifications(timeout: .seconds(5))
        #expect(!received.isEmpty)
        #expect(received.allSatisfy { $0 == channel })
    }

    @Test("waiting with no NOTIFY times out with an empty list")
    func timesOut() async throws {
        let listener = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { listener.close() }
        try await listener.listen(TestDatabase.uniqueName("quiet"))
        let clock = ContinuousClock()
        let start = clock.now
        let received = try await listener.waitForNotifications(timeout: .milliseconds(300))
        let elapsed = start.duration(to: clock.now)
        #expect(received.isEmpty)
        #expect(elapsed >= .milliseconds(290))
        #expect(elapsed < .seconds(5))
        #expect(listener.isHealthy)
    }

    @Test("cancelling the waiting task ends the wait early and leaves the connection usable")
    func cancelledWait() async throws {
        let listener = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { listener.close() }
        try await listener.listen(TestDatabase.uniqueName("cancelled"))
        let clock = ContinuousClock()
        let start = clock.now
        let waiting = Task { try await listener.waitForNotifications(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(200))
        waiting.cancel()
        let received = try await waiting.value
        #expect(received.isEmpty)
        #expect(start.duration(to: clock.now) < .seconds(5))
        #expect(try await listener.query("SELECT 1 AS one").first?.int("one") == 1)
    }

    @Test("a listener whose backend is terminated reports a connection failure")
    func terminatedListener() async throws {
        let listener = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { listener.close() }
        let killer = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { killer.close() }
        try await listener.listen(TestDatabase.uniqueName("doomed"))
        let pid = try #require(try await listener.query("SELECT pg_backend_pid() AS pid").first).int("pid")
        _ = try await killer.query("SELECT pg_terminate_backend($1, 5000)", [pid])

        let error = await #expect(throws: PostgresError.self) {
            _ = try await listener.waitForNotifications(timeout: .seconds(5))
        }
        #expect(error?.isConnectionFailure == true)
        #expect(listener.isHealthy == false)
    }
}

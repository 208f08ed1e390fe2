import Foundation
import Postgres
import Testing

@Suite("PostgresPool against a real server")
struct PostgresPoolTests {
    @Test("20 concurrent tasks never use more than maxConnections sessions")
    func boundedUnderLoad() async throws {
        let applicationName = TestDatabase.uniqueName("pool")
        let url = TestDatabase.url(parameters: ["application_name": applicationName])
        let pool = PostgresPool(url: url, maxConnections: 3, logger: TestDatabase.logger)
        let inFlight = LockedBox((current: 0, peak: 0))
        let peakSessions = LockedBox(0)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await pool.withConnection { connection in
                        inFlight.withLock {
                            $0.current += 1
                            $0.peak = max($0.peak, $0.current)
                        }
                        defer { inFlight.withLock { $0.current -= 1 } }
                        let sessions = try await connection.query(
                            "SELECT count(*) AS n, pg_sleep(0.05) FROM pg_stat_activity WHERE application_name = $1",
                            [applicationName]
                        )
                        let count = try #require(sessions.first).int("n")
                        peakSessions.withLock { $0 = max($0, count) }
                    }
                }
            }
            try await group.waitForAll()
        }

        #expect(peakSessions.withLock { $0 } <= 3)
        #expect(peakSessions.withLock { $0 } >= 2, "the pool should actually run tasks in parallel")
        #expect(inFlight.withLock { $0.peak } <= 3)
        #expect(await pool.peakConnectionCount == 3)
        #expect(await pool.openConnectionCount == 3)
        await pool.close()
        #expect(await pool.openConnectionCount == 0)
    }

    @Test("a connection killed with pg_terminate_backend is reported and replaced")
    func terminatedConnectionIsReplaced() async throws {
        let pool = PostgresPool(url: TestDatabase.url, maxConnections: 1, logger: TestDatabase.logger)
        let killer = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { killer.close() }
        let firstPID = try await pool.withConnection { try await $0.query("SELECT pg_backend_pid() AS pid") }
        let pid = try #require(firstPID.first).int("pid")
        _ = try await killer.query("SELECT pg_terminate_backend($1, 5000)", [pid])

        await #expect {
            try await pool.withConnection { try await $0.query("SELECT 1") }
        } throws: { error in
            (error as? PostgresError)?.isConnectionFailure == true
        }
        // With a maximum of one, this only succeeds if the dead connection's slot was freed.
        let secondPID = try await pool.withConnection { try await $0.query("SELECT pg_backend_pid() AS pid") }
        #expect(try #require(secondPID.first).int("pid") != pid)
        await pool.close()
    }

    @Test("a closed pool refuses new callers and fails waiting ones with poolClosed")
    func closedPool() async throws {
        let pool = PostgresPool(url: TestDatabase.url, maxConnections: 1, logger: TestDatabase.logger)
        let holderStarted = LockedBox(false)
        let release = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await pool.withConnection { _ in
                holderStarted.withLock { $0 = true }
                for await _ in release.stream { break }
            }
        }
        while !holderStarted.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        let waiter = Task { try await pool.withConnection { _ in 1 } }
        try await Task.sleep(for: .milliseconds(50))
        await pool.close()

        await #expect {
            try await waiter.value
        } throws: { error in
            (error as? PostgresError)?.code == .poolClosed
        }
        release.continuation.yield()
        try await holder.value
        #expect(await pool.openConnectionCount == 0)
        await #expect {
            try await pool.withConnection { _ in 1 }
        } throws: { error in
            (error as? PostgresError)?.code == .poolClosed
        }
    }

    @Test("a cancelled waiter leaves the queue without taking a connection")
    func cancelledWaiter() async throws {
        let pool = PostgresPool(url: TestDatabase.url, maxConnections: 1, logger: TestDatabase.logger)
        let release = AsyncStream<Void>.makeStream()
        let holderStarted = LockedBox(false)
        let holder = Task {
            try await pool.withConnection { _ in
                holderStarted.withLock { $0 = true }
                for await _ in release.stream { break }
            }
        }
        while !holderStarted.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        let waiter = Task { try await pool.withConnection { _ in 1 } }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }

        release.continuation.yield()
        try await holder.value
        #expect(try await pool.withConnection { try await $0.query("SELECT 1 AS one").first?.int("one") } == 1)
        #expect(await pool.peakConnectionCount == 1)
        await pool.close()
    }

    @Test("a connection returned inside an open transaction is discarded, not reused")
    func connectionLeftInTransactionIsDiscarded() async throws {
        try await TestDatabase.withSchema { url in
            let pool = PostgresPool(url: url, maxConnections: 1, logger: TestDatabase.logger)
            try await pool.withConnection { try await $0.execute("CREATE TABLE note (body text)") }
            try await pool.withConnection { connection in
                try await connection.execute("BEGIN")
                try await connection.execute("INSERT INTO note VALUES ('uncommitted')")
            }
            let count = try await pool.withConnection { try await $0.query("SELECT count(*) AS n FROM note") }
            #expect(try count.first?.int("n") == 0)
            await pool.close()
        }
    }
}

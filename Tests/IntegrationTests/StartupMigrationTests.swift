import FinancingRuntime
import Foundation
import Logging
import Postgres
import Testing

@Suite("Startup: a migration cut off by the server is run again")
struct StartupMigrationTests {
    @Test("the event store migration's session is terminated under it; startup retries it and succeeds")
    func migrationSurvivesALostSession() async throws {
        try await TestDatabase.with { database in
            var configuration = FinancingConfiguration.fromEnvironment([:])
            configuration.eventStoreURL = database.url
            configuration.startupTimeout = .seconds(30)
            let infrastructure = Infrastructure(configuration: configuration, logger: TestLogging.logger("startup"))

            // Hold the migrations' advisory lock, so the migration waits where it can be cut off.
            let holder = try await PostgresConnection.connect(url: database.url, logger: database.logger)
            defer { holder.close() }
            try await holder.execute("BEGIN")
            try await holder.query("SELECT pg_advisory_xact_lock(727001)")

            let startup = Task { try await infrastructure.eventStorePool() }
            let waiting = try await Self.backendWaitingOnAdvisoryLock(database)
            try await holder.query("SELECT pg_terminate_backend($1)", [waiting])
            // The retry waits on the same lock again; letting it go lets the migration finish.
            _ = try await Self.backendWaitingOnAdvisoryLock(database)
            try await holder.execute("COMMIT")

            let pool = try await startup.value
            let tables = try await pool.withConnection { connection in
                try await connection.query("SELECT count(*) AS n FROM events")
            }
            #expect(try tables.first?.int("n") == 0)
            await pool.close()
        }
    }

    /// The pid of the session of `database` that waits on an advisory lock (polls for up to 20 s).
    private static func backendWaitingOnAdvisoryLock(_ database: TestDatabase) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let rows = try await database.pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT pid FROM pg_stat_activity
                    WHERE datname = $1 AND wait_event_type = 'Lock' AND wait_event = 'advisory'
                    """, [database.name])
            }
            if let pid = try rows.first?.int("pid") { return pid }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartupTimeout()
    }

    private struct StartupTimeout: Error {}
}

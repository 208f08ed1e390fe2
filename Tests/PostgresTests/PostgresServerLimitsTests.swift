import Testing

@testable import Postgres

@Suite("The server ends what waits too long: a slow statement, a session idle in a transaction")
struct PostgresServerLimitsTests {
    @Test("a statement over statement_timeout fails with 57014, a transient error, and the session stays usable")
    func statementTimeout() async throws {
        try await TestDatabase.withSchema { url in
            let limited = TestDatabase.url(url, parameters: ["options": "-c statement_timeout=100ms"])
            let connection = try await PostgresConnection.connect(url: limited, logger: TestDatabase.logger)
            defer { connection.close() }
            let error = await #expect(throws: PostgresError.self) {
                try await connection.execute("SELECT pg_sleep(5)")
            }
            #expect(error?.sqlState == "57014")
            #expect(error?.isPermanent == false)
            #expect(error?.isConnectionFailure == false)
            let rows = try await connection.query("SELECT 1 AS one", [])
            #expect(try rows[0].int("one") == 1)
        }
    }

    @Test("a session left idle inside a transaction is ended, and the pool replaces it")
    func idleInTransaction() async throws {
        try await TestDatabase.withSchema { url in
            let limited = TestDatabase.url(url, parameters: ["options": "-c idle_in_transaction_session_timeout=200ms"])
            let pool = PostgresPool(url: limited, maxConnections: 1, logger: TestDatabase.logger)
            let outcome = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.execute("CREATE TABLE held (id int)")
                    // Stands for a holder that stopped talking to the server mid-transaction.
                    try await Task.sleep(for: .seconds(1))
                    try await connection.execute("INSERT INTO held VALUES (1)")
                }
            }
            #expect(outcome?.isConnectionFailure == true)
            let rows = try await pool.withConnection { connection in
                try await connection.query("SELECT to_regclass('held') IS NULL AS rolled_back", [])
            }
            #expect(try rows[0].bool("rolled_back"))
            await pool.close()
        }
    }
}

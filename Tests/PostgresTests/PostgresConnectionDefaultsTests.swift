import Testing

@testable import Postgres

@Suite("Connections get bounded connect and dead-peer timeouts unless their string sets them")
struct PostgresConnectionDefaultsTests {
    @Test("a plain URL gets every default")
    func plainURL() {
        let missing = PostgresConnectionDefaults.missing(from: "postgres://app@db.example:5432/financing")
        #expect(missing.filter { $0.key != "options" } == PostgresConnectionDefaults.settings)
        #expect(missing["options"] == "-c statement_timeout=30s -c idle_in_transaction_session_timeout=60s")
        #expect(missing["connect_timeout"] == "5")
        #expect(missing["keepalives"] == "1")
    }

    @Test(
        "what the URL or key=value string sets wins over the defaults",
        arguments: [
            "postgres://app@db.example/financing?connect_timeout=2&keepalives_idle=7",
            "host=db.example dbname=financing connect_timeout=2 keepalives_idle=7",
        ])
    func givenSettingsWin(connectionString: String) {
        let missing = PostgresConnectionDefaults.missing(from: connectionString)
        #expect(missing["connect_timeout"] == nil)
        #expect(missing["keepalives_idle"] == nil)
        #expect(missing["keepalives_count"] == "3")
        #expect(missing.count == PostgresConnectionDefaults.settings.count - 2 + 1)
    }

    @Test("options the string gives are kept, and gain only the server limits they do not set")
    func givenOptionsKept() {
        let missing = PostgresConnectionDefaults.missing(
            from: "postgres://app@db.example/financing?options=-c%20statement_timeout%3D5s%20-c%20search_path%3Dx")
        #expect(
            missing["options"] == "-c statement_timeout=5s -c search_path=x -c idle_in_transaction_session_timeout=60s")
    }

    @Test("a string libpq cannot parse gets none, so libpq's own error is what the caller sees")
    func unparsable() {
        #expect(PostgresConnectionDefaults.missing(from: "host='unterminated").isEmpty)
    }

    @Test("a real server accepts a connection opened with the defaults")
    func connects() async throws {
        try await TestDatabase.withConnection { connection, _ in
            let rows = try await connection.query("SELECT 1 AS one", [])
            #expect(try rows[0].int("one") == 1)
            let limits = try await connection.query(
                "SELECT current_setting('statement_timeout') AS statement, "
                    + "current_setting('idle_in_transaction_session_timeout') AS idle", [])
            #expect(try limits[0].string("statement") == "30s")
            #expect(try limits[0].string("idle") == "1min")
        }
    }
}

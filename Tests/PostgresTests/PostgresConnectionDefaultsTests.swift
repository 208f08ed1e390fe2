import Testing

@testable import Postgres

@Suite("Connections get bounded connect and dead-peer timeouts unless their string sets them")
struct PostgresConnectionDefaultsTests {
    @Test("a plain URL gets every default")
    func plainURL() {
        let missing = PostgresConnectionDefaults.missing(from: "postgres://app@db.example:5432/financing")
        #expect(missing == PostgresConnectionDefaults.settings)
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
        #expect(missing.count == PostgresConnectionDefaults.settings.count - 2)
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
        }
    }
}

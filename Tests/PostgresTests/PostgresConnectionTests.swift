import Foundation
import Postgres
import Testing

@Suite("PostgresConnection against a real server")
struct PostgresConnectionTests {
    @Test("an unreachable server gives connectionFailed")
    func unreachableServer() async throws {
        let error = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(
                url: "postgres://postgres:postgres@127.0.0.1:1/postgres?connect_timeout=2",
                logger: TestDatabase.logger
            )
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isConnectionFailure == true)
        #expect(error?.message.isEmpty == false)
    }

    @Test("a wrong password gives connectionFailed with the server's reason")
    func wrongPassword() async throws {
        let url = TestDatabase.url(parameters: ["user": "postgres", "password": "definitely-wrong"])
        let error = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(url: url, logger: TestDatabase.logger)
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("password") == true)
    }

    @Test("parameters round-trip: quotes, unicode, Int64 extremes, Bool, UUID, NULL")
    func parametersRoundTrip() async throws {
        try await TestDatabase.withConnection { connection, _ in
            let text = "O'Brien said \"hi\" — ünïcødé 🚀 \\ $1; DROP TABLE x;--"
            let id = UUID()
            try await connection.execute(
                """
                CREATE TABLE sample (
                    label text, big bigint, small bigint, flag boolean, id uuid, missing text, count integer
                )
                """
            )
            let inserted = try await connection.execute(
                "INSERT INTO sample VALUES ($1, $2, $3, $4, $5, $6, $7)",
                [text, Int64.max, Int64.min, true, id, nil, Int32(42)]
            )
            #expect(inserted == 1)

            let rows = try await connection.query("SELECT * FROM sample WHERE label = $1 AND id = $2", [text, id])
            let row = try #require(rows.first)
            #expect(rows.count == 1)
            #expect(try row.string("label") == text)
            #expect(try row.int64("big") == Int64.max)
            #expect(try row.int64("small") == Int64.min)
            #expect(try row.bool("flag") == true)
            #expect(try row.uuid("id") == id)
            #expect(try row.optionalUUID("id") == id)
            #expect(try row.optionalString("missing") == nil)
            #expect(try row.optionalInt64("missing") == nil)
            #expect(try row.optionalUUID("missing") == nil)
            #expect(try row.int("count") == 42)
            #expect(row.columnNames == ["label", "big", "small", "flag", "id", "missing", "count"])

            let echoed = try await connection.query(
                "SELECT $1::boolean AS f, $2::int AS n, $3::text AS u", [false, 7, id])
            #expect(try echoed.first?.bool("f") == false)
            #expect(try echoed.first?.int("n") == 7)
            // The server prints a uuid in lowercase, which is also what we send.
            #expect(try echoed.first?.string("u") == id.uuidString.lowercased())
        }
    }

    @Test("typed access reports missing columns, NULLs and unparseable text as decodingFailed")
    func decodingErrors() async throws {
        try await TestDatabase.withConnection { connection, _ in
            let rows = try await connection.query(
                "SELECT NULL::text AS nothing, 'abc' AS word, 'maybe' AS flag, 'not-a-uuid' AS id, 99999999999999999999 AS huge"
            )
            let row = try #require(rows.first)
            for access in [
                { _ = try row.string("nothing") },
                { _ = try row.string("absent") },
                { _ = try row.optionalString("absent") },
                { _ = try row.int64("word") },
                { _ = try row.optionalInt64("word") },
                { _ = try row.int("huge") },
                { _ = try row.bool("flag") },
                { _ = try row.uuid("id") },
                { _ = try row.optionalUUID("id") },
                { _ = try row.uuid("nothing") },
            ] as [() throws -> Void] {
                let error = #expect(throws: PostgresError.self) { try access() }
                #expect(error?.code == .decodingFailed)
            }
            #expect(try row.optionalString("nothing") == nil)
            #expect(try row.string("word") == "abc")
        }
    }

    @Test("a unique violation is distinguishable and names its constraint")
    func uniqueViolation() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.execute(
                "CREATE TABLE invoice (number text, CONSTRAINT invoice_number_unique UNIQUE (number))"
            )
            try await connection.execute("INSERT INTO invoice VALUES ($1)", ["INV-1"])
            let error = await #expect(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO invoice VALUES ($1)", ["INV-1"])
            }
            #expect(error?.isUniqueViolation == true)
            #expect(error?.sqlState == "23505")
            #expect(error?.constraint == "invoice_number_unique")
            #expect(error?.code == .queryFailed)
            #expect(error?.isSerializationFailure == false)
            #expect(error?.isConnectionFailure == false)
            #expect(error?.query == "INSERT INTO invoice VALUES ($1)")
            // A statement error leaves the session usable.
            #expect(connection.isHealthy)
            #expect(try await connection.query("SELECT count(*) AS n FROM invoice").first?.int("n") == 1)
        }
    }

    @Test("a syntax error carries its SQLSTATE and is not mistaken for a retryable failure")
    func syntaxError() async throws {
        try await TestDatabase.withConnection { connection, _ in
            let error = await #expect(throws: PostgresError.self) { try await connection.query("SELEC 1") }
            #expect(error?.sqlState == "42601")
            #expect(error?.isUniqueViolation == false)
            #expect(error?.isSerializationFailure == false)
            #expect(error?.isConnectionFailure == false)
        }
    }

    @Test("execute counts affected rows and executeScript runs several statements")
    func executeAndScript() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.executeScript(
                """
                CREATE TABLE item (id bigint PRIMARY KEY, price bigint NOT NULL);
                INSERT INTO item VALUES (1, 10), (2, 20), (3, 30);
                CREATE INDEX item_price ON item (price);
                """
            )
            #expect(
                try await connection.execute("UPDATE item SET price = price + 1 WHERE price >= $1", [Int64(20)]) == 2)
            #expect(try await connection.execute("CREATE TABLE other (x int)") == 0)
            let error = await #expect(throws: PostgresError.self) {
                try await connection.executeScript("SELECT 1; SELECT * FROM no_such_table;")
            }
            #expect(error?.sqlState == "42P01")
        }
    }

    @Test("a terminated backend is reported as a connection failure")
    func terminatedBackend() async throws {
        let victim = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { victim.close() }
        let killer = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { killer.close() }
        let pid = try #require(try await victim.query("SELECT pg_backend_pid() AS pid").first).int("pid")
        let terminated = try await killer.query("SELECT pg_terminate_backend($1, 5000) AS ok", [pid])
        #expect(try terminated.first?.bool("ok") == true)

        let error = await #expect(throws: PostgresError.self) { try await victim.query("SELECT 1") }
        #expect(error?.isConnectionFailure == true)
        #expect(victim.isHealthy == false)
    }

    @Test("close is idempotent and later calls fail with connectionFailed")
    func closeIsIdempotent() async throws {
        let connection = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        #expect(connection.isHealthy)
        connection.close()
        connection.close()
        #expect(connection.isHealthy == false)
        let error = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(error?.code == .connectionFailed)
    }

    @Test("a parameter containing a NUL byte is refused instead of truncated")
    func nulByteRefused() async throws {
        let connection = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT $1::text AS t", ["a\u{0}b"])
        }
        #expect(error?.code == .queryFailed)
        #expect(connection.isHealthy)
    }
}

import Foundation
import Postgres
import Testing

@Suite("PostgresConnection.pipeline against a real server")
struct PostgresPipelineTests {
    @Test("every statement runs, in order, and reports its affected rows")
    func runsInOrder() async throws {
        try await TestDatabase.withSchema { url in
            let connection = try await PostgresConnection.connect(url: url, logger: TestDatabase.logger)
            defer { connection.close() }
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY, amount bigint NOT NULL)")
            let affected = try await connection.pipeline([
                PostgresStatement("INSERT INTO entry VALUES ($1, $2)", [1, Int64(10)]),
                PostgresStatement("INSERT INTO entry VALUES ($1, $2), ($3, $4)", [2, Int64(20), 3, Int64(30)]),
                // Sees the rows the statements before it wrote: they run in order, in one transaction.
                PostgresStatement("UPDATE entry SET amount = amount + $1", [Int64(1)]),
                PostgresStatement("DELETE FROM entry WHERE id = $1", [99]),
            ])
            #expect(affected.map(\.affectedRows) == [1, 2, 3, 0])
            let rows = try await connection.query("SELECT id, amount FROM entry ORDER BY id")
            #expect(try rows.map { try $0.int64("amount") } == [11, 21, 31])
        }
    }

    @Test("a failing statement undoes the ones before it, skips the rest, and is named in the error")
    func failureIsAtomic() async throws {
        try await TestDatabase.withSchema { url in
            let connection = try await PostgresConnection.connect(url: url, logger: TestDatabase.logger)
            defer { connection.close() }
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY)")
            try await connection.execute("INSERT INTO entry VALUES (7)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.pipeline([
                    PostgresStatement("INSERT INTO entry VALUES ($1)", [1]),
                    PostgresStatement("INSERT INTO entry VALUES ($1)", [2]),
                    PostgresStatement("INSERT INTO entry VALUES ($1)", [7]),
                    PostgresStatement("INSERT INTO entry VALUES ($1)", [3]),
                ])
            }
            #expect(error?.sqlState == "23505")
            #expect(error?.message.hasPrefix("statement 3 of 4") == true)
            // The connection is usable again and outside any transaction: what it writes now another
            // session sees at once, next to the one row that was there before.
            try await connection.execute("INSERT INTO entry VALUES (8)")
            let other = try await PostgresConnection.connect(url: url, logger: TestDatabase.logger)
            defer { other.close() }
            let rows = try await other.query("SELECT id FROM entry ORDER BY id")
            #expect(try rows.map { try $0.int("id") } == [7, 8])
        }
    }

    @Test("inside a transaction the statements join it, and its rollback removes them")
    func joinsAnOpenTransaction() async throws {
        try await TestDatabase.withSchema { url in
            let pool = PostgresPool(url: url, maxConnections: 1, logger: TestDatabase.logger)
            try await pool.withConnection { try await $0.execute("CREATE TABLE entry (id int PRIMARY KEY)") }
            await #expect(throws: IntentionalFailure.self) {
                try await pool.withTransaction { connection in
                    try await connection.pipeline([
                        PostgresStatement("INSERT INTO entry VALUES ($1)", [1]),
                        PostgresStatement("INSERT INTO entry VALUES ($1)", [2]),
                    ])
                    throw IntentionalFailure()
                }
            }
            let count = try await pool.withConnection { try await $0.query("SELECT count(*) AS n FROM entry") }
            #expect(try count.first?.int("n") == 0)
            await pool.close()
        }
    }

    @Test("an empty pipeline sends nothing; an oversized one is refused before sending")
    func bounds() async throws {
        try await TestDatabase.withSchema { url in
            let connection = try await PostgresConnection.connect(url: url, logger: TestDatabase.logger)
            defer { connection.close() }
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY)")
            #expect(try await connection.pipeline([]).isEmpty)
            let tooMany = (0...PostgresConnection.maxPipelineStatements).map {
                PostgresStatement("INSERT INTO entry VALUES ($1)", [$0])
            }
            await #expect(throws: PostgresError.self) { try await connection.pipeline(tooMany) }
            let most = tooMany.dropLast().map { $0 }
            #expect(try await connection.pipeline(most).count == PostgresConnection.maxPipelineStatements)
            let count = try await connection.query("SELECT count(*) AS n FROM entry")
            #expect(try count.first?.int("n") == PostgresConnection.maxPipelineStatements)
        }
    }
}

import Foundation
import Testing

@testable import Postgres

@Suite("PostgresConnection prepares each statement once per session, against a real server")
struct PostgresPreparedStatementTests {
    private static let insert = "INSERT INTO entry (id, amount) VALUES ($1, $2)"
    private static let total = "SELECT count(*) AS rows, coalesce(sum(amount), 0) AS total FROM entry WHERE id > $1"

    /// How many statements with this exact text the session has prepared, as the server sees it.
    private static func preparedCopies(of sql: String, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(
            "SELECT count(*)::integer AS copies FROM pg_prepared_statements WHERE statement = $1", [sql])
        return try rows[0].int("copies")
    }

    @Test("a statement run many times with different parameters is prepared once and answers each call")
    func preparedOnce() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY, amount bigint NOT NULL)")
            for id in 1...7 {
                #expect(try await connection.execute(Self.insert, [id, Int64(id) * 1_000]) == 1)
            }
            let rows = try await connection.query(Self.total, [4])
            #expect(try rows[0].int("rows") == 3)
            #expect(try rows[0].int64("total") == 18_000)
            #expect(try await Self.preparedCopies(of: Self.insert, on: connection) == 1)
            #expect(try await Self.preparedCopies(of: Self.total, on: connection) == 1)
        }
    }

    @Test("a pipeline binds prepared statements, shared with single calls of the same text")
    func pipelineUsesPrepared() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY, amount bigint NOT NULL)")
            try await connection.execute(Self.insert, [1, Int64(5)])
            let outcomes = try await connection.pipeline([
                PostgresStatement(Self.insert, [2, Int64(7)]),
                PostgresStatement(Self.insert, [3, Int64(11)]),
                PostgresStatement(Self.total, [0]),
            ])
            #expect(outcomes.map(\.affectedRows).prefix(2) == [1, 1])
            #expect(try outcomes[2].rows[0].int64("total") == 23)
            #expect(try await Self.preparedCopies(of: Self.insert, on: connection) == 1)
            #expect(try await Self.preparedCopies(of: Self.total, on: connection) == 1)
        }
    }

    @Test("past its capacity a session runs new statements unnamed, with the same results")
    func capacityBound() async throws {
        try await TestDatabase.withSchema { url in
            let connection = try await PostgresConnection.connect(
                url: url, overriding: [:], statementCapacity: 2, logger: TestDatabase.logger)
            defer { connection.close() }
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY, amount bigint NOT NULL)")
            try await connection.execute(Self.insert, [1, Int64(100)])
            for threshold in 0...3 {
                // Four texts past the capacity of two: each still answers.
                let rows = try await connection.query("SELECT count(*) AS rows FROM entry WHERE id > \(threshold)")
                #expect(try rows[0].int("rows") == (threshold == 0 ? 1 : 0))
            }
            #expect(try await connection.preparedStatementCount == 2)
            let server = try await connection.query("SELECT count(*)::integer AS n FROM pg_prepared_statements")
            #expect(try server[0].int("n") == 2)
        }
    }

    @Test("a statement the server refuses is not remembered, and the session stays usable")
    func refusedStatement() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY, amount bigint NOT NULL)")
            await #expect(throws: PostgresError.self) { try await connection.query("SELEC nothing") }
            try await connection.execute(Self.insert, [1, Int64(1)])
            // Prepared fine; its execution fails with the server's SQLSTATE, as an unnamed one would.
            let duplicate = await #expect(throws: PostgresError.self) {
                try await connection.execute(Self.insert, [1, Int64(2)])
            }
            #expect(duplicate?.isUniqueViolation == true)
            #expect(try await connection.preparedStatementCount == 2)
            let pipelineError = await #expect(throws: PostgresError.self) {
                try await connection.pipeline([
                    PostgresStatement(Self.insert, [2, Int64(2)]), PostgresStatement("SELEC"),
                ])
            }
            #expect(pipelineError?.message.contains("preparing statement 2 of 2") == true)
            #expect(try await connection.query(Self.total, [0])[0].int("rows") == 1)
        }
    }

    @Test("a table dropped and created again after the statement was prepared is found again")
    func replannedAfterDDL() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY, amount bigint NOT NULL)")
            try await connection.execute(Self.insert, [1, Int64(3)])
            #expect(try await connection.query(Self.total, [0])[0].int64("total") == 3)
            try await connection.executeScript(
                "DROP TABLE entry; CREATE TABLE entry (id int PRIMARY KEY, amount bigint NOT NULL)")
            try await connection.execute(Self.insert, [5, Int64(8)])
            #expect(try await connection.query(Self.total, [0])[0].int64("total") == 8)
        }
    }

    @Test("a statement first prepared inside a rolled-back transaction still runs afterwards")
    func survivesRollback() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.execute("CREATE TABLE entry (id int PRIMARY KEY, amount bigint NOT NULL)")
            try await connection.execute("BEGIN")
            try await connection.execute(Self.insert, [1, Int64(4)])
            try await connection.execute("ROLLBACK")
            try await connection.execute(Self.insert, [2, Int64(6)])
            #expect(try await connection.query(Self.total, [0])[0].int64("total") == 6)
        }
    }
}

import Foundation
import Postgres
import Testing

@Suite("PostgresPool.withTransaction against a real server")
struct PostgresTransactionTests {
    @Test("the body's writes are committed when it returns")
    func commits() async throws {
        try await TestDatabase.withSchema { url in
            let pool = PostgresPool(url: url, maxConnections: 2, logger: TestDatabase.logger)
            try await pool.withConnection { try await $0.execute("CREATE TABLE entry (id uuid PRIMARY KEY)") }
            let id = UUID()
            let returned = try await pool.withTransaction {
                try await $0.execute("INSERT INTO entry VALUES ($1)", [id])
            }
            #expect(returned == 1)
            let rows = try await pool.withConnection { try await $0.query("SELECT id FROM entry") }
            #expect(try rows.map { try $0.uuid("id") } == [id])
            await pool.close()
        }
    }

    @Test("the transaction rolls back when the body throws")
    func rollsBackOnThrow() async throws {
        try await TestDatabase.withSchema { url in
            let pool = PostgresPool(url: url, maxConnections: 1, logger: TestDatabase.logger)
            try await pool.withConnection { try await $0.execute("CREATE TABLE entry (id uuid PRIMARY KEY)") }
            await #expect(throws: IntentionalFailure.self) {
                try await pool.withTransaction(isolation: .repeatableRead) { connection in
                    try await connection.execute("INSERT INTO entry VALUES ($1)", [UUID()])
                    throw IntentionalFailure()
                }
            }
            let count = try await pool.withConnection { try await $0.query("SELECT count(*) AS n FROM entry") }
            #expect(try count.first?.int("n") == 0)
            await pool.close()
        }
    }

    @Test("COMMIT of a transaction whose statement failed is reported, not silently rolled back")
    func commitAfterSwallowedError() async throws {
        try await TestDatabase.withSchema { url in
            let pool = PostgresPool(url: url, maxConnections: 1, logger: TestDatabase.logger)
            try await pool.withConnection { try await $0.execute("CREATE TABLE entry (id int PRIMARY KEY)") }
            await #expect {
                try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO entry VALUES (1)")
                    _ = try? await connection.execute("INSERT INTO entry VALUES (1)")  // duplicate, swallowed
                }
            } throws: { error in
                (error as? PostgresError)?.sqlState == "25P02"
            }
            let count = try await pool.withConnection { try await $0.query("SELECT count(*) AS n FROM entry") }
            #expect(try count.first?.int("n") == 0)
            await pool.close()
        }
    }

    @Test("a serialization failure under SERIALIZABLE is distinguishable")
    func serializationFailure() async throws {
        try await TestDatabase.withSchema { url in
            let pool = PostgresPool(url: url, maxConnections: 1, logger: TestDatabase.logger)
            let other = try await PostgresConnection.connect(url: url, logger: TestDatabase.logger)
            defer { other.close() }
            try await other.execute("CREATE TABLE duty (doctor text, on_call boolean)")
            try await other.execute("INSERT INTO duty VALUES ('alice', true), ('bob', true)")

            // Write skew: both transactions read the same rows, then each writes what the other read.
            await #expect {
                try await pool.withTransaction(isolation: .serializable) { connection in
                    try await other.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                    _ = try await other.query("SELECT count(*) FROM duty WHERE on_call")
                    _ = try await connection.query("SELECT count(*) FROM duty WHERE on_call")
                    try await other.execute("UPDATE duty SET on_call = false WHERE doctor = 'alice'")
                    try await other.execute("COMMIT")
                    try await connection.execute("UPDATE duty SET on_call = false WHERE doctor = 'bob'")
                }
            } throws: { error in
                let error = error as? PostgresError
                return error?.isSerializationFailure == true && error?.sqlState == "40001"
                    && error?.isConnectionFailure == false
            }
            let onCall = try await other.query("SELECT doctor FROM duty WHERE on_call")
            #expect(try onCall.map { try $0.string("doctor") } == ["bob"])
            // The connection was rolled back and returned, still usable.
            #expect(try await pool.withConnection { try await $0.query("SELECT 1 AS one").first?.int("one") } == 1)
            await pool.close()
        }
    }
}

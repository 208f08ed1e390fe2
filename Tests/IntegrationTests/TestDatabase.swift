import EventSourcing
import Foundation
import Logging
import Postgres
import PostgresEventStore
import PostgresReadModels

/// A database of its own for one test, on the server at `FINANCING_TEST_POSTGRES_URL`, with the
/// event store's and the read models' tables; dropped when the test ends.
struct TestDatabase: Sendable {
    /// The server's maintenance URL (database `postgres`), from the environment or the local default.
    static let serverURL: String =
        ProcessInfo.processInfo.environment["FINANCING_TEST_POSTGRES_URL"]
        ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres"

    /// Tests run in parallel against a server other suites share: a few databases at a time.
    private static let slots = AsyncSemaphore(permits: 4)

    let name: String
    let url: String
    let pool: PostgresPool
    let logger: Logger

    var store: PostgresEventStore { PostgresEventStore(pool: pool, logger: logger) }
    var commandLog: PostgresCommandLog { PostgresCommandLog(pool: pool) }
    var readModels: PostgresReadModelStore { PostgresReadModelStore(pool: pool) }
    var deadLetters: PostgresDeadLetters { PostgresDeadLetters(pool: pool) }

    /// Runs `body` with a freshly created, migrated database, then drops it (also when `body` throws).
    static func with<R: Sendable>(
        maxConnections: Int = 4, _ body: (TestDatabase) async throws -> R
    ) async throws -> R {
        await slots.wait()
        do {
            let result = try await withNew(maxConnections: maxConnections, body)
            await slots.signal()
            return result
        } catch {
            await slots.signal()
            throw error
        }
    }

    private static func withNew<R: Sendable>(
        maxConnections: Int, _ body: (TestDatabase) async throws -> R
    ) async throws -> R {
        let name = "financing_it_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let url = try databaseURL(name)
        let logger = TestLogging.logger("db")
        try await PostgresBootstrap.createDatabaseIfMissing(url: url, logger: logger)
        let pool = PostgresPool(url: url, maxConnections: maxConnections, logger: logger)
        let database = TestDatabase(name: String(name), url: url, pool: pool, logger: logger)
        do {
            try await EventStoreSchema.migrate(pool)
            try await ReadModelSchema.migrate(pool)
            let result = try await body(database)
            await database.drop()
            return result
        } catch {
            await database.drop()
            throw error
        }
    }

    /// `serverURL` with its database replaced by `name`.
    static func databaseURL(_ name: String) throws -> String {
        guard var components = URLComponents(string: serverURL) else {
            throw TestSetupError("FINANCING_TEST_POSTGRES_URL is not a URL: \(serverURL)")
        }
        components.path = "/" + name
        guard let url = components.string else { throw TestSetupError("cannot build a URL for database \(name)") }
        return url
    }

    /// Closes the pool and drops the database, terminating any session a test left open.
    private func drop() async {
        await pool.close()
        do {
            let maintenance = try await PostgresConnection.connect(url: Self.serverURL, logger: logger)
            defer { maintenance.close() }
            try await maintenance.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        } catch {
            logger.warning("could not drop test database", metadata: ["database": "\(name)", "error": "\(error)"])
        }
    }

    /// Rows of a raw query, for asserting on what the adapters store.
    func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws -> [PostgresRow] {
        try await pool.withConnection { connection in try await connection.query(sql, parameters) }
    }

    /// Every event in the store, published or not, in position order (as the relayer would see them).
    func allEvents() async throws -> [RecordedEvent] {
        let rows = try await query(
            """
            SELECT position, event_id, aggregate_type, aggregate_id, version, event_type, schema_version,
                   payload::text AS payload, causation_id, traceparent
            FROM events ORDER BY position
            """)
        return try rows.map { row in
            RecordedEvent(
                position: try row.int64("position"), eventID: try row.uuid("event_id"),
                stream: StreamID(aggregateType: try row.string("aggregate_type"), id: try row.uuid("aggregate_id")),
                version: try row.int("version"), type: try row.string("event_type"),
                schemaVersion: try row.int("schema_version"), payload: Array(try row.string("payload").utf8),
                causationID: try row.optionalUUID("causation_id"), traceparent: try row.optionalString("traceparent"))
        }
    }
}

/// A test's environment is not what it needs.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

/// A counting semaphore for async code: `wait` suspends (FIFO) while no permit is left.
actor AsyncSemaphore {
    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { self.permits = permits }

    func wait() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func signal() {
        if waiters.isEmpty {
            permits += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// Quiet loggers: warnings and worse, or the level in `FINANCING_TEST_LOG_LEVEL`.
enum TestLogging {
    static let level: Logger.Level =
        ProcessInfo.processInfo.environment["FINANCING_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        ?? .critical

    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: "integration-tests.\(label)")
        logger.logLevel = level
        return logger
    }
}

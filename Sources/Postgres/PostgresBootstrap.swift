import Logging

/// Startup helpers used by every component.
public enum PostgresBootstrap {
    /// Tries to connect until it succeeds, with exponential backoff (100 ms doubling to 5 s), logging each failure;
    /// gives up after `timeout` with the last error.
    public static func waitUntilReachable(url: String, timeout: Duration, logger: Logger) async throws(PostgresError) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var delay = Duration.milliseconds(100)
        var attempt = 1
        while true {
            do {
                let connection = try await PostgresConnection.connect(url: url, logger: logger)
                connection.close()
                if attempt > 1 { logger.info("postgres is reachable", metadata: ["attempts": "\(attempt)"]) }
                return
            } catch {
                let remaining = clock.now.duration(to: deadline)
                guard remaining > .zero else {
                    logger.error("postgres still unreachable; giving up", metadata: ["attempts": "\(attempt)"])
                    throw error
                }
                logger.warning(
                    "postgres not reachable yet; retrying",
                    metadata: ["attempt": "\(attempt)", "retry_in": "\(delay)", "error": "\(error.message)"]
                )
                do {
                    try await Task.sleep(for: min(delay, remaining))
                } catch {
                    throw PostgresError(code: .connectionFailed, message: "cancelled while waiting for PostgreSQL")
                }
                delay = min(delay * 2, .seconds(5))
                attempt += 1
            }
        }
    }

    /// Creates the database named in `url` if it does not exist, by connecting to the `postgres` maintenance
    /// database of the same server. Tolerates a concurrent creator (42P04 duplicate_database / 23505).
    public static func createDatabaseIfMissing(url: String, logger: Logger) async throws(PostgresError) {
        let name = try PostgresConnectionString.databaseName(in: url)
        // CREATE DATABASE takes an identifier, not a bound parameter: only a plain lowercase name is accepted.
        guard PostgresConnectionString.isPlainIdentifier(name) else {
            throw PostgresError(
                code: .queryFailed,
                message: "database name \"\(name)\" must match [a-z_][a-z0-9_]* to be created automatically"
            )
        }
        let maintenance = try await PostgresConnection.connect(
            url: url, overriding: ["dbname": "postgres"], logger: logger)
        defer { maintenance.close() }
        let existing = try await maintenance.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
        guard existing.isEmpty else { return }
        do {
            try await maintenance.execute("CREATE DATABASE \(PostgresConnection.quotedIdentifier(name))")
            logger.info("postgres database created", metadata: ["database": "\(name)"])
        } catch {
            // Another component created it between our check and our CREATE: that is the outcome we wanted.
            guard error.sqlState == "42P04" || error.isUniqueViolation else { throw error }
            logger.debug("postgres database created concurrently", metadata: ["database": "\(name)"])
        }
    }
}

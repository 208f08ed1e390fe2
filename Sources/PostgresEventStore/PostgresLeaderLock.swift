import EventSourcing
import Logging
import Postgres

/// One active relayer at a time: a PostgreSQL session advisory lock held on a dedicated
/// connection. When that connection dies the lock is released by the server and a standby
/// takes it; the holder notices on its next `isHeld()` and stops publishing.
public actor PostgresLeaderLock: LeaderLock {
    private let url: String
    private let key: Int64
    private let logger: Logger
    private var connection: PostgresConnection?

    public init(url: String, key: Int64 = 727_002, logger: Logger) {
        self.url = url
        self.key = key
        self.logger = logger
    }

    public func tryAcquire() async -> Bool {
        do {
            if connection == nil || connection?.isHealthy == false {
                connection?.close()
                connection = try await PostgresConnection.connect(url: url, logger: logger)
            }
            guard let connection else { return false }
            let rows = try await connection.query("SELECT pg_try_advisory_lock($1) AS acquired", [key])
            return try rows.first?.bool("acquired") ?? false
        } catch {
            logger.warning("leader lock unavailable", metadata: ["error": "\(error)"])
            dropConnection()
            return false
        }
    }

    public func isHeld() async -> Bool {
        guard let connection else { return false }
        do {
            // Asks the server, so a lock lost with its backend (terminated, server restarted) shows.
            let rows = try await connection.query(
                """
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
                AND objid = ($1::bigint & 4294967295)::oid AND granted) AS held
                """, [key])
            return try rows.first?.bool("held") ?? false
        } catch {
            dropConnection()
            return false
        }
    }

    public func release() async {
        if let connection {
            _ = try? await connection.query("SELECT pg_advisory_unlock($1)", [key])
        }
        dropConnection()
    }

    private func dropConnection() {
        connection?.close()
        connection = nil
    }
}

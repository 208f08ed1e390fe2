import Logging
import Synchronization

/// A bounded pool of connections (a fixed maximum; callers beyond it wait, FIFO, without blocking threads).
public final class PostgresPool: Sendable {
    private let url: String
    private let settings: [String: String]
    private let logger: Logger
    private let state: PostgresPoolState
    private let nextWaiterID = Atomic<UInt64>(0)

    /// Creates an empty pool; connections open lazily, up to `maxConnections` at once, each with
    /// `settings` (libpq keywords) over what `url` says.
    public init(url: String, maxConnections: Int, settings: [String: String] = [:], logger: Logger) {
        self.url = url
        self.settings = settings
        self.logger = logger
        self.state = PostgresPoolState(maxConnections: maxConnections)
    }

    /// Lends a connection to `body` and takes it back afterwards; a broken one, or one left inside a
    /// transaction, is closed instead of returned.
    @discardableResult
    public func withConnection<R: Sendable>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        let connection = try await lease()
        let result: R
        do {
            result = try await body(connection)
        } catch {
            await giveBack(connection)
            throw error
        }
        await giveBack(connection)
        return result
    }

    /// BEGIN (with the given isolation) … COMMIT; ROLLBACK and rethrow when the body or COMMIT throws. A connection
    /// whose status is bad after an error is discarded, not returned to the pool.
    @discardableResult
    public func withTransaction<R: Sendable>(
        isolation: PostgresIsolation = .readCommitted,
        _ body: (PostgresConnection) async throws -> R
    ) async throws -> R {
        try await withConnection { connection in
            try await connection.execute(isolation.beginStatement)
            let result: R
            do {
                result = try await body(connection)
            } catch {
                await rollback(connection)
                throw error
            }
            do {
                try await commit(connection)
            } catch {
                await rollback(connection)
                throw error
            }
            return result
        }
    }

    /// Fails waiting and future callers with poolClosed and closes idle connections; lent ones close on return.
    public func close() async {
        let idle = await state.close()
        for connection in idle { connection.close() }
        logger.debug("postgres pool closed", metadata: ["closed_idle_connections": "\(idle.count)"])
    }

    /// Connections that currently exist or are being opened (lent or idle).
    public var openConnectionCount: Int {
        get async { await state.openCount }
    }

    /// The most connections that ever existed at once; never above `maxConnections`.
    public var peakConnectionCount: Int {
        get async { await state.peakOpenCount }
    }

    // MARK: - Lending

    private func lease() async throws -> PostgresConnection {
        let waiterID = nextWaiterID.wrappingAdd(1, ordering: .relaxed).newValue
        let grant = try await withTaskCancellationHandler {
            try await state.acquire(waiterID: waiterID)
        } onCancel: { [state] in
            Task { await state.cancelWaiter(waiterID) }
        }
        switch grant {
        case .reuse(let connection):
            return connection
        case .create:
            do {
                return try await PostgresConnection.connect(url: url, overriding: settings, logger: logger)
            } catch {
                await state.slotFreed()
                logger.warning("postgres pool could not open a connection", metadata: ["error": "\(error)"])
                throw error
            }
        }
    }

    private func giveBack(_ connection: PostgresConnection) async {
        if connection.isHealthy && connection.isIdleOutsideTransaction {
            await state.release(connection)
        } else {
            // Never hand the next caller a dead session or someone else's open transaction.
            logger.debug(
                "postgres pool discarding a connection",
                metadata: [
                    "healthy": "\(connection.isHealthy)", "in_transaction": "\(!connection.isIdleOutsideTransaction)",
                ]
            )
            connection.close()
            await state.slotFreed()
        }
    }

    // MARK: - Transactions

    private func commit(_ connection: PostgresConnection) async throws(PostgresError) {
        let outcome = try await connection.run("COMMIT", [])
        // COMMIT of a transaction that already failed (the body caught the error) silently rolls back.
        if outcome.commandTag == "ROLLBACK" {
            throw PostgresError(
                code: .queryFailed,
                message: "COMMIT rolled back: a statement in the transaction had failed",
                sqlState: "25P02",
                query: "COMMIT"
            )
        }
    }

    private func rollback(_ connection: PostgresConnection) async {
        guard connection.isHealthy else { return }
        do {
            try await connection.execute("ROLLBACK")
        } catch {
            // The session's transaction state is now unknown: close it so withConnection discards it.
            logger.warning("postgres ROLLBACK failed; discarding the connection", metadata: ["error": "\(error)"])
            connection.close()
        }
    }
}

import EventSourcing
import Logging
import Postgres

/// Wakes the relayer on the NOTIFY that the `events` insert trigger sends at commit.
///
/// Holds one dedicated session (LISTEN cannot share a pooled connection). Notifications that arrive
/// while the relayer is busy wait in that session, so none between two waits is missed. When the
/// session breaks it is reopened on the next wait; meanwhile the wait simply lasts its timeout.
public actor PostgresOutboxNotifications: OutboxSignal {
    private let url: String
    private let logger: Logger
    private var connection: PostgresConnection?

    public init(url: String, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    public func wait(upTo timeout: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        guard let connection = await listeningConnection() else {
            try? await Task.sleep(until: deadline, clock: clock)
            return
        }
        do {
            _ = try await connection.waitForNotifications(timeout: timeout)
        } catch {
            logger.warning(
                "relayer: outbox notifications lost, polling until reconnected", metadata: ["error": "\(error)"])
            connection.close()
            self.connection = nil
            try? await Task.sleep(until: deadline, clock: clock)
        }
    }

    /// Closes the session; a later wait opens a new one.
    public func close() {
        connection?.close()
        connection = nil
    }

    private func listeningConnection() async -> PostgresConnection? {
        if let connection { return connection }
        do {
            let fresh = try await PostgresConnection.connect(url: url, logger: logger)
            do {
                try await fresh.listen(EventStoreSchema.outboxChannel)
            } catch {
                fresh.close()
                throw error
            }
            connection = fresh
            logger.debug("relayer: listening for outbox notifications")
            return fresh
        } catch {
            logger.warning("relayer: cannot listen for outbox notifications", metadata: ["error": "\(error)"])
            return nil
        }
    }
}

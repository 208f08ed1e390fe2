import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Postgres
import Synchronization
import Testing

/// SPEC §5: an infrastructure failure pauses handling and retries the same message; it never
/// skips it, and once the database is back the effect happens exactly once.
@Suite("PostgreSQL outage")
struct OutageTests {
    @Test("while the event store refuses connections the message waits; when it is back, the effect happens once")
    func handlingPausesDuringAnOutageAndResumesExactlyOnce() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = InvestorID(UUID())
            let message = Inbound.registration(.investorRegistered(investor, name: "Patient", balance: cents(700)))
            let consumer = OneMessageConsumer(message)
            let loop = ConsumerLoop(name: "outage-test", consumer: consumer, logger: TestLogging.logger("loop"))

            try await setConnections(allowed: false, database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await loop.run { message in try await harness.handle(message) } }

                // The loop keeps failing and retrying while the database is down: nothing acknowledged.
                try await waitUntil("the message is delivered") { consumer.deliveries == 1 }
                try await Task.sleep(for: .milliseconds(800))
                #expect(consumer.acknowledged == 0, "acknowledged during the outage")

                try await setConnections(allowed: true, database)
                try await waitUntil("the message is acknowledged after the outage") { consumer.acknowledged == 1 }
                group.cancelAll()
            }

            let events = try await harness.events(of: investor)
            #expect(events.map(\.type) == ["InvestorCreated", "InvestorFundsAdded"])
        }
    }

    /// Closes the database to new connections and ends the open ones, as a failover or restart would.
    private func setConnections(allowed: Bool, _ database: TestDatabase) async throws {
        let maintenance = try await PostgresConnection.connect(url: TestDatabase.serverURL, logger: database.logger)
        defer { maintenance.close() }
        try await maintenance.execute("ALTER DATABASE \(database.name) ALLOW_CONNECTIONS \(allowed ? "true" : "false")")
        if !allowed {
            try await maintenance.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                [database.name])
        }
    }
}

/// Hands out one message, then nothing; counts deliveries and acknowledgements.
private final class OneMessageConsumer: MessageConsumer, Sendable {
    private let state: Mutex<(message: IncomingMessage?, deliveries: Int, acknowledged: Int)>

    init(_ message: IncomingMessage) { state = Mutex((message, 0, 0)) }

    var deliveries: Int { state.withLock { $0.deliveries } }
    var acknowledged: Int { state.withLock { $0.acknowledged } }

    func next(timeout: Duration) async throws(MessagingError) -> IncomingMessage? {
        let message = state.withLock { state -> IncomingMessage? in
            defer { state.message = nil }
            if state.message != nil { state.deliveries += 1 }
            return state.message
        }
        if message == nil { try? await Task.sleep(for: .milliseconds(20)) }
        return message
    }

    func acknowledge(_ message: IncomingMessage) async throws(MessagingError) {
        state.withLock { $0.acknowledged += 1 }
    }

    func close() async {}
}

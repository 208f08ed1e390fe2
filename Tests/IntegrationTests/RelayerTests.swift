import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Kafka
import Logging
import Messaging
import PostgresEventStore
import Relayer
import Synchronization
import Testing

/// The relayer with the real leader lock and outbox, publishing to the real broker
/// (`FINANCING_TEST_KAFKA_BROKERS`). It always writes `financing.events`: the tests tell their
/// events apart by their fresh aggregate ids.
@Suite("RelayerService with PostgresLeaderLock and KafkaMessagePublisher")
struct RelayerTests {
    static let brokers = ProcessInfo.processInfo.environment["FINANCING_TEST_KAFKA_BROKERS"] ?? "127.0.0.1:9092"
    static let logger = TestLogging.logger("relayer")

    private static func relayer(_ database: TestDatabase, publisher: any MessagePublisher) -> RelayerService {
        RelayerService(
            outbox: database.store, publisher: publisher, lock: PostgresLeaderLock(url: database.url, logger: logger),
            interval: .milliseconds(50), logger: logger)
    }

    private static func waitForEmptyOutbox(_ database: TestDatabase, timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("the outbox is empty", timeout: timeout) {
            try await database.store.unpublished(limit: 1).isEmpty
        }
    }

    /// Advisory locks granted in the test's database (the leader lock is one).
    private static func heldLocks(_ database: TestDatabase) async throws -> Int {
        let rows = try await database.query(
            """
            SELECT count(*) AS n FROM pg_locks
            WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        return try rows.first?.int("n") ?? 0
    }

    @Test("publishes every unpublished event to financing.events with the SPEC §4 headers, then marks it published")
    func publishesAndMarks() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            try await KafkaAdmin.createTopics(
                brokers: Self.brokers, topics: [(name: Topic.events, partitions: 6)], timeout: .seconds(30),
                logger: Self.logger)
            let issuer = try await harness.registerIssuer()
            let investors = [
                try await harness.registerInvestor(balance: cents(10_000)),
                try await harness.registerInvestor(balance: cents(2_000)),
            ]
            let invoice = try await harness.sellInvoice(issuer: issuer, askingPrice: cents(1_000))
            let stored = try await database.store.unpublished(limit: 100)
            #expect(stored.count == 6)

            let producer = try KafkaProducer(
                configuration: KafkaProducerConfiguration(brokers: Self.brokers), logger: Self.logger)
            let relayer = Self.relayer(database, publisher: KafkaMessagePublisher(producer: producer))
            let running = Task { try await relayer.run() }
            do {
                try await Self.waitForEmptyOutbox(database)
            } catch {
                running.cancel()
                throw error
            }
            running.cancel()
            try await running.value
            await producer.shutdown(timeout: .seconds(5))

            let unpublishedRows = try await database.query(
                "SELECT count(*) AS n FROM events WHERE published_at IS NULL")
            #expect(try unpublishedRows.first?.int("n") == 0)
            // Standing down released the lock.
            #expect(try await Self.heldLocks(database) == 0)

            let ours = Set(investors.map(\.uuid) + [issuer.uuid, invoice.uuid])
            let received = try await Self.consume(Topic.events, until: Set(stored.map(\.eventID))) { message in
                message.header(MessageHeader.aggregateID).flatMap(UUID.init(uuidString:)).map(ours.contains) ?? false
            }
            let byID = Dictionary(received.map { ($0.messageID, $0) }, uniquingKeysWith: { first, _ in first })
            for event in stored {
                let message = try #require(byID[event.eventID], "event \(event.type) v\(event.version) not received")
                #expect(message.key == event.stream.id.uuidString.lowercased())
                #expect(message.type == event.type)
                #expect(message.header(MessageHeader.schemaVersion) == "1")
                #expect(message.header(MessageHeader.aggregateType) == event.stream.aggregateType)
                #expect(message.header(MessageHeader.aggregateVersion) == String(event.version))
                #expect(try JSON.equal(message.payload, event.payload))
            }
            // Each aggregate's events arrive in version order (at least once: duplicates may follow).
            for id in ours {
                let versions = received.filter { $0.key == id.uuidString.lowercased() }
                    .compactMap { $0.header(MessageHeader.aggregateVersion).flatMap(Int.init) }
                var seen: [Int] = []
                for version in versions where !seen.contains(version) { seen.append(version) }
                #expect(seen == seen.sorted(), "versions of \(id): \(versions)")
            }
        }
    }

    @Test("a standby with the same lock key publishes nothing while the leader holds it, then takes over")
    func standbyWaitsForTheLock() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let leaderPublished = RecordingPublisher()
            let standbyPublished = RecordingPublisher()
            let leader = Task { try await Self.relayer(database, publisher: leaderPublished).run() }
            try await waitUntil("the leader holds the lock") { try await Self.heldLocks(database) == 1 }
            let standby = Task { try await Self.relayer(database, publisher: standbyPublished).run() }
            defer {
                leader.cancel()
                standby.cancel()
            }

            let first = try await harness.registerInvestor(balance: cents(100))
            try await Self.waitForEmptyOutbox(database)
            // Several of the standby's intervals pass: it must still have published nothing.
            try await Task.sleep(for: .milliseconds(500))
            #expect(leaderPublished.messages.map(\.key) == Array(repeating: first.description, count: 2))
            #expect(standbyPublished.messages.isEmpty)

            leader.cancel()
            try await leader.value
            let second = try await harness.registerInvestor(balance: cents(200))
            try await Self.waitForEmptyOutbox(database)

            #expect(standbyPublished.messages.map(\.key) == Array(repeating: second.description, count: 2))
            #expect(
                standbyPublished.messages.map { $0.header(MessageHeader.messageType) } == [
                    "InvestorCreated", "InvestorFundsAdded",
                ])
            #expect(leaderPublished.messages.count == 2)
            #expect(try await Self.heldLocks(database) == 1)
            standby.cancel()
            try await standby.value
        }
    }

    @Test("a standby takes over when the leader's lock connection dies")
    func standbyTakesOverFromADeadLeader() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let leaderPublished = RecordingPublisher()
            let standbyPublished = RecordingPublisher()
            let leader = Task { try await Self.relayer(database, publisher: leaderPublished).run() }
            try await waitUntil("the leader holds the lock") { try await Self.heldLocks(database) == 1 }
            let standby = Task { try await Self.relayer(database, publisher: standbyPublished).run() }
            defer {
                leader.cancel()
                standby.cancel()
            }

            // The server ends the leader's lock session (a crash, a network cut): the lock goes with it.
            let leaderPID = try #require(try await Self.lockHolders(database).first)
            _ = try await database.query("SELECT pg_terminate_backend($1)", [leaderPID])
            // With an empty outbox the old leader has nothing to withhold and does not step down, so the new holder
            // is the standby.
            try await waitUntil("the standby holds the lock") {
                let holders = try await Self.lockHolders(database)
                return holders.count == 1 && holders[0] != leaderPID
            }
            let investor = try await harness.registerInvestor(balance: cents(100))
            try await Self.waitForEmptyOutbox(database)

            #expect(standbyPublished.messages.map(\.key) == Array(repeating: investor.description, count: 2))
            #expect(leaderPublished.messages.isEmpty)
        }
    }

    /// Backend pids holding an advisory lock in the test's database.
    private static func lockHolders(_ database: TestDatabase) async throws -> [Int] {
        let rows = try await database.query(
            """
            SELECT pid FROM pg_locks
            WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        return try rows.map { try $0.int("pid") }
    }

    @Test("a failed publish marks nothing; the events are published on a later attempt, in order")
    func failedPublishIsRetried() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(100))
            let issuer = try await harness.registerIssuer()
            let stored = try await database.store.unpublished(limit: 100)
            let publisher = FailingPublisher(failures: 3)
            let relayer = Self.relayer(database, publisher: publisher)
            let running = Task { try await relayer.run() }
            defer { running.cancel() }

            try await waitUntil("the publisher failed twice", interval: .milliseconds(10)) {
                publisher.attempts.value >= 2
            }
            // Nothing was marked published while the broker did not acknowledge.
            // (The fourth attempt, the first to succeed, comes at least 600 ms after the second.)
            #expect(try await database.store.unpublished(limit: 100) == stored)
            #expect(publisher.attempts.value < 4)
            try await Self.waitForEmptyOutbox(database)

            #expect(publisher.delivered.messages == stored.map(OutgoingMessage.event))
            #expect(
                publisher.delivered.messages.map(\.key) == [investor, investor].map(\.description) + [
                    issuer.description
                ])
            running.cancel()
            try await running.value
        }
    }

    /// Consumes `topic` in a fresh group from the earliest offset until every id in `wanted` was
    /// received among the messages `isOurs` accepts; returns those messages in arrival order.
    static func consume(
        _ topic: String, until wanted: Set<UUID>, timeout: Duration = .seconds(60),
        isOurs: (IncomingMessage) -> Bool
    ) async throws -> [IncomingMessage] {
        var configuration = KafkaConsumerConfiguration(
            brokers: brokers, groupID: "integration-tests-\(UUID().uuidString.lowercased())", topics: [topic])
        configuration.autoOffsetReset = "earliest"
        let consumer = KafkaMessageConsumer(consumer: try KafkaConsumer(configuration: configuration, logger: logger))
        var received: [IncomingMessage] = []
        var missing = wanted
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !missing.isEmpty, clock.now < deadline {
            guard let message = try await consumer.next(timeout: .milliseconds(200)), isOurs(message) else { continue }
            received.append(message)
            if let id = message.messageID { missing.remove(id) }
        }
        await consumer.close()
        try #require(missing.isEmpty, "\(missing.count) of \(wanted.count) events not received within \(timeout)")
        return received
    }
}

/// A publisher whose first `failures` publishes fail, as a broker that does not acknowledge.
final class FailingPublisher: MessagePublisher, Sendable {
    private let failures: Int
    let attempts = Counter()
    let delivered = RecordingPublisher()

    init(failures: Int) { self.failures = failures }

    func publish(_ messages: [OutgoingMessage]) async throws(MessagingError) {
        attempts.increment()
        if attempts.value <= failures { throw MessagingError("broker did not acknowledge (test)") }
        try await delivered.publish(messages)
    }
}

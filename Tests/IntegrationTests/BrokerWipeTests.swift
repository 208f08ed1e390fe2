import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Kafka
import Messaging
import Synchronization
import Testing

/// Issue 21: the local broker keeps nothing, so after a restart it is empty: no topics, no offsets, no
/// producer ids. librdkafka 2.14.2 without scripts/patches crashed this process (SIGSEGV) on such a
/// broker's Fetch replies; an idempotent producer went fatal for ever and consumers saw unknown topics.
@Suite("Broker restarted empty")
struct BrokerWipeTests {
    static let logger = TestLogging.logger("broker-wipe")

    @Test("under load: no crash; topics recreated, the producer replaced, the consumer consumes again")
    func survivesAndRecovers() async throws {
        let broker = try await PausableBroker.start()
        defer { broker.stop() }
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let createTopic: @Sendable () async throws -> Void = {
                try await KafkaAdmin.createTopics(
                    brokers: broker.address, topics: [(name: Topic.registering, partitions: 2)],
                    timeout: .seconds(10), logger: Self.logger)
            }
            try await createTopic()
            // As the runtime configures it (Infrastructure): a send gives up after 15 s, not 5 minutes.
            var producerConfiguration = KafkaProducerConfiguration(brokers: broker.address)
            producerConfiguration.properties["message.timeout.ms"] = "15000"
            let producer = try KafkaProducer(configuration: producerConfiguration, logger: Self.logger)
            let publisher = KafkaMessagePublisher(producer: producer)
            let consumerConfiguration = KafkaConsumerConfiguration(
                brokers: broker.address, groupID: "broker-wipe-\(UUID())", topics: [Topic.registering])
            let consumer = KafkaMessageConsumer(
                consumer: try KafkaConsumer(configuration: consumerConfiguration, logger: Self.logger))
            let probe = try KafkaProbe(brokers: broker.address, logger: Self.logger)
            let loop = ConsumerLoop(name: "broker-wipe-test", consumer: consumer, logger: Self.logger)
            let before = (0..<50).map { _ in InvestorID(UUID()) }
            let after = InvestorID(UUID())

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await loop.run { message in try await harness.handle(message) } }
                try await publisher.publish(
                    before.map {
                        .integration(.investorRegistered($0, name: "Before", balance: cents(100)), messageID: UUID())
                    })
                try await waitUntil("the first registrations took effect", timeout: .seconds(60)) {
                    try await harness.events(of: before[0]).count == 2
                }

                try await broker.restartEmpty()
                // What readiness does every round: find the missing topic and create it.
                try await waitUntil("the topic is recreated", timeout: .seconds(60)) {
                    guard let missing = await probe.missingTopics([Topic.registering], timeout: .seconds(2)) else {
                        return false
                    }
                    if missing.isEmpty { return true }
                    try? await createTopic()
                    return false
                }
                // What the relayer does: retry until the bus takes it (a fatal producer is replaced on the way).
                try await waitUntil("a registration is published after the wipe", timeout: .seconds(90)) {
                    do {
                        try await publisher.publish([
                            .integration(
                                .investorRegistered(after, name: "After", balance: cents(700)), messageID: UUID())
                        ])
                        return true
                    } catch {
                        Self.logger.info("publishing after the wipe failed; retrying", metadata: ["error": "\(error)"])
                        return false
                    }
                }
                try await waitUntil("the consumer consumes the new topic", timeout: .seconds(120)) {
                    try await harness.events(of: after).count == 2
                }
                group.cancelAll()
            }
            #expect(!producer.isFatal)
            await producer.shutdown(timeout: .seconds(5))
            await probe.close()
            #expect(try await harness.account(after)?.balance == cents(700))
        }
    }
}

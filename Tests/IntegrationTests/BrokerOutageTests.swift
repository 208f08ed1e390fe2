import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Kafka
import Messaging
import Synchronization
import Testing

/// SPEC §5 and issue 3: a broker outage pauses consumption and retries; it never skips a message,
/// and once the broker answers again each effect happens exactly once. The broker here is the
/// test's own, frozen with SIGSTOP: connections stay open and nothing answers, the nastiest kind.
@Suite("Broker outage")
struct BrokerOutageTests {
    static let logger = TestLogging.logger("broker-outage")

    @Test("a frozen broker pauses consumption and acknowledgement; when it thaws, every effect happens once")
    func consumptionPausesWhileTheBrokerIsFrozenAndResumesExactlyOnce() async throws {
        let broker = try await PausableBroker.start()
        defer { broker.stop() }
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            try await KafkaAdmin.createTopics(
                brokers: broker.address, topics: [(name: Topic.registering, partitions: 1)], timeout: .seconds(30),
                logger: Self.logger)
            let producer = try KafkaProducer(
                configuration: KafkaProducerConfiguration(brokers: broker.address), logger: Self.logger)
            let publisher = KafkaMessagePublisher(producer: producer)
            let consumer = AcknowledgementCounter(
                KafkaMessageConsumer(
                    consumer: try KafkaConsumer(
                        configuration: KafkaConsumerConfiguration(
                            brokers: broker.address, groupID: "broker-outage-\(UUID())", topics: [Topic.registering]),
                        logger: Self.logger)))
            let loop = ConsumerLoop(name: "broker-outage-test", consumer: consumer, logger: Self.logger)
            let first = InvestorID(UUID())
            let second = InvestorID(UUID())

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await loop.run { message in
                        try await harness.handle(message)
                        // Freeze the broker between the effect and its acknowledgement: the commit must wait.
                        if consumer.processed.add(1, ordering: .relaxed).newValue == 1 { broker.pause() }
                    }
                }
                try await publisher.publish([
                    .integration(.investorRegistered(first, name: "Before", balance: cents(500)), messageID: UUID())
                ])
                try await waitUntil("the first registration took effect", timeout: .seconds(60)) {
                    try await harness.events(of: first).count == 2
                }
                // The second registration cannot even reach the broker while it is frozen.
                group.addTask {
                    try await publisher.publish([
                        .integration(
                            .investorRegistered(second, name: "During", balance: cents(900)), messageID: UUID())
                    ])
                }
                try await Task.sleep(for: .seconds(3))
                #expect(consumer.acknowledged == 0, "an offset was committed to a frozen broker")
                #expect(try await harness.events(of: second).isEmpty, "a message got through a frozen broker")

                broker.resume()
                try await waitUntil("both messages are acknowledged after the thaw", timeout: .seconds(90)) {
                    consumer.acknowledged == 2
                }
                group.cancelAll()
            }
            await producer.shutdown(timeout: .seconds(5))

            #expect(try await harness.events(of: first).map(\.type) == ["InvestorCreated", "InvestorFundsAdded"])
            #expect(try await harness.events(of: second).map(\.type) == ["InvestorCreated", "InvestorFundsAdded"])
            #expect(try await harness.eventCount() == 4)
        }
    }
}

/// Passes messages through and counts what was processed and acknowledged.
private final class AcknowledgementCounter: MessageConsumer, Sendable {
    let processed = Atomic<Int>(0)
    private let acknowledgements = Atomic<Int>(0)
    private let wrapped: any MessageConsumer

    init(_ wrapped: any MessageConsumer) { self.wrapped = wrapped }

    var acknowledged: Int { acknowledgements.load(ordering: .relaxed) }

    func next(timeout: Duration) async throws(MessagingError) -> IncomingMessage? {
        try await wrapped.next(timeout: timeout)
    }

    func acknowledge(_ message: IncomingMessage) async throws(MessagingError) {
        try await wrapped.acknowledge(message)
        acknowledgements.add(1, ordering: .relaxed)
    }

    func close() async { await wrapped.close() }
}

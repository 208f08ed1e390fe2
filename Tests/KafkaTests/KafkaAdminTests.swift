import Kafka
import Testing

@Suite("KafkaAdmin against the broker")
struct KafkaAdminTests {
    typealias Support = KafkaTestSupport

    @Test("createTopics makes 3 partitions and a second call succeeds too")
    func createTopicsIsIdempotent() async throws {
        let topic = Support.unique("admin")
        for _ in 0..<2 {
            try await KafkaAdmin.createTopics(
                brokers: Support.brokers,
                topics: [(name: topic, partitions: 3)],
                timeout: .seconds(10),
                logger: Support.logger
            )
        }
        // The partition count shows in where keyed messages land: all within 0..<3, more than one used.
        let producer = try Support.makeProducer()
        let messages = (0..<30).map { KafkaOutgoingMessage(topic: topic, key: "key-\($0)".bytes, value: [1]) }
        let results = await producer.sendBatch(messages)
        await producer.shutdown(timeout: .seconds(5))
        let partitions = Set(try results.map { try $0.get().partition })
        #expect(partitions.isSubset(of: [0, 1, 2]))
        #expect(partitions.count > 1)
    }

    @Test("waitUntilReachable returns once the broker answers")
    func reachable() async throws {
        try await KafkaAdmin.waitUntilReachable(brokers: Support.brokers, timeout: .seconds(10), logger: Support.logger)
    }

    @Test("waitUntilReachable gives up after its timeout when nothing listens")
    func unreachable() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: KafkaError.self) {
            try await KafkaAdmin.waitUntilReachable(
                brokers: "127.0.0.1:1",
                timeout: .seconds(1),
                logger: Support.logger
            )
        }
        #expect(error?.code == .admin)
        #expect(clock.now - start < .seconds(10))
    }
}

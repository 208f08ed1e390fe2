import Kafka
import Testing

@Suite("KafkaProducer against the broker")
struct KafkaProducerTests {
    typealias Support = KafkaTestSupport

    @Test("send returns only after delivery, with a real offset")
    func sendReturnsAfterDelivery() async throws {
        let topic = try await Support.makeTopic("send")
        let producer = try Support.makeProducer()
        let first = try await producer.send(topic: topic, key: nil, value: "one".bytes, headers: [])
        let second = try await producer.send(topic: topic, key: nil, value: "two".bytes, headers: [])
        await producer.shutdown(timeout: .seconds(5))
        // Acknowledged offsets exist only after the broker appended: the first message of a new topic is 0.
        #expect(first.partition == 0)
        #expect(first.offset == 0)
        #expect(second.offset == first.offset + 1)
        // The broker really holds them: a consumer reads both back.
        let consumer = try Support.makeConsumer(topic: topic)
        let received = try await Support.receive(2, from: consumer)
        await consumer.close()
        #expect(received.map(\.value) == ["one".bytes, "two".bytes])
    }

    @Test("sendBatch of 1,000 messages gets 1,000 acknowledgements in order")
    func batchOfThousand() async throws {
        let topic = try await Support.makeTopic("batch", partitions: 3)
        let producer = try Support.makeProducer()
        let messages = (0..<1_000).map {
            KafkaOutgoingMessage(topic: topic, key: "key-\($0 % 17)".bytes, value: "value-\($0)".bytes)
        }
        let results = await producer.sendBatch(messages)
        await producer.shutdown(timeout: .seconds(5))
        #expect(results.count == 1_000)
        let delivered = try results.map { try $0.get() }
        #expect(delivered.allSatisfy { $0.offset >= 0 && (0..<3).contains($0.partition) })
        // Every message got its own slot in its partition.
        let positions = Set(delivered.map { "\($0.partition)/\($0.offset)" })
        #expect(positions.count == 1_000)
    }

    @Test("a send to an unreachable broker fails instead of hanging", .timeLimit(.minutes(1)))
    func unreachableBrokerFails() async throws {
        var configuration = KafkaProducerConfiguration(brokers: "127.0.0.1:1")
        configuration.properties = ["message.timeout.ms": "1500"]
        let producer = try KafkaProducer(configuration: configuration, logger: Support.logger)
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(topic: "nowhere", key: nil, value: "lost".bytes, headers: [])
        }
        #expect(error?.code == .delivery)
        #expect(error?.rdKafkaCode != nil)
        #expect(clock.now - start < .seconds(15))
        await producer.shutdown(timeout: .seconds(1))
    }

    @Test("shutdown fails undelivered messages instead of leaving their senders waiting", .timeLimit(.minutes(1)))
    func shutdownFailsPendingSends() async throws {
        // The default message.timeout.ms (5 min) would keep this send pending; only shutdown can end it.
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(brokers: "127.0.0.1:1"),
            logger: Support.logger
        )
        let send = Task {
            try await producer.send(topic: "nowhere", key: nil, value: "pending".bytes, headers: [])
        }
        try await Task.sleep(for: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        await producer.shutdown(timeout: .milliseconds(300))
        #expect(clock.now - start < .seconds(10))
        let error = await #expect(throws: KafkaError.self) { try await send.value }
        #expect(error?.code == .delivery)
    }

    @Test("shutdown is idempotent and later sends fail with .closed")
    func shutdownIsIdempotent() async throws {
        let topic = try await Support.makeTopic("shutdown")
        let producer = try Support.makeProducer()
        try await producer.send(topic: topic, key: nil, value: [1], headers: [])
        await producer.shutdown(timeout: .seconds(5))
        await producer.shutdown(timeout: .seconds(5))
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(topic: topic, key: nil, value: [2], headers: [])
        }
        #expect(error?.code == .closed)
        let batch = await producer.sendBatch([KafkaOutgoingMessage(topic: topic, key: nil, value: [3])])
        #expect(batch.count == 1)
        #expect(throws: KafkaError.self) { try batch[0].get() }
    }

    @Test("an unknown librdkafka property is a configuration error")
    func badProperty() {
        var configuration = KafkaProducerConfiguration(brokers: Support.brokers)
        configuration.properties = ["no.such.property": "1"]
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: Support.logger)
        }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("no.such.property") == true)
    }

    @Test(
        "a refused credential is named, its value never said, in the error or in librdkafka's log lines",
        arguments: [
            ["sasl.password.typo": "hunter2"],
            [
                "security.protocol": "SSL", "ssl.keystore.location": "/nonexistent/hunter2.p12",
                "ssl.keystore.password": "hunter2",
            ],
        ])
    func refusedCredential(properties: [String: String]) {
        var configuration = KafkaProducerConfiguration(brokers: Support.brokers)
        configuration.properties = properties
        let log = CapturedLog()
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: log.logger)
        }
        #expect(error?.code == .configuration || error?.code == .clientCreation)
        #expect(error?.message.contains("hunter2") == false)
        #expect(error.map { "\($0)" }?.contains("hunter2") == false)
        #expect(!log.all.contains { $0.contains("hunter2") }, "\(log.all)")
        if properties["ssl.keystore.location"] != nil {
            // librdkafka did log the keystore it could not open: with the path cut out.
            #expect(log.all.contains { $0.contains("fopen(<redacted>") }, "\(log.all)")
        }
    }
}

import Kafka
import Testing

@Suite("KafkaConsumer against the broker")
struct KafkaConsumerTests {
    typealias Support = KafkaTestSupport

    @Test("a keyed message round-trips with key, value and headers intact")
    func roundTrip() async throws {
        let topic = try await Support.makeTopic("roundtrip", partitions: 3)
        let producer = try Support.makeProducer()
        let headers = [
            KafkaHeader(key: "event-type", string: "InvoiceCreated"),
            KafkaHeader(key: "binary", value: [0, 255, 7]),
            KafkaHeader(key: "event-type", string: "second"),
        ]
        let value: [UInt8] = Array("{\"amount\":\"12.50\"}".utf8) + [0, 200]
        let sent = try await producer.send(topic: topic, key: "invoice-42".bytes, value: value, headers: headers)
        await producer.shutdown(timeout: .seconds(5))

        let consumer = try Support.makeConsumer(topic: topic)
        let message = try #require(try await Support.receive(1, from: consumer).first)
        await consumer.close()
        #expect(message.topic == topic)
        #expect(message.partition == sent.partition)
        #expect(message.offset == sent.offset)
        #expect(message.key == "invoice-42".bytes)
        #expect(message.value == value)
        #expect(message.headers == headers)
        #expect(message.header("event-type") == "InvoiceCreated")
        #expect(message.header("missing") == nil)
    }

    @Test("200 messages with one key arrive in order")
    func partitionOrder() async throws {
        let topic = try await Support.makeTopic("order", partitions: 3)
        let producer = try Support.makeProducer()
        let messages = (0..<200).map { KafkaOutgoingMessage(topic: topic, key: "same".bytes, value: "\($0)".bytes) }
        let results = await producer.sendBatch(messages)
        await producer.shutdown(timeout: .seconds(5))
        let partition = try results[0].get().partition

        let consumer = try Support.makeConsumer(topic: topic)
        let received = try await Support.receive(200, from: consumer)
        await consumer.close()
        #expect(received.count == 200)
        #expect(received.allSatisfy { $0.partition == partition })
        #expect(received.map { String(decoding: $0.value, as: UTF8.self) } == (0..<200).map { "\($0)" })
        #expect(zip(received, received.dropFirst()).allSatisfy { $0.offset < $1.offset })
    }

    @Test("after committing 5 of 10, a new member of the group resumes at message 6")
    func commitSemantics() async throws {
        let topic = try await Support.makeTopic("commit")
        let group = Support.unique("group")
        let producer = try Support.makeProducer()
        let results = await producer.sendBatch(
            (1...10).map { KafkaOutgoingMessage(topic: topic, key: nil, value: "message-\($0)".bytes) }
        )
        await producer.shutdown(timeout: .seconds(5))
        #expect(results.allSatisfy { (try? $0.get()) != nil })

        let first = try Support.makeConsumer(topic: topic, group: group)
        let received = try await Support.receive(10, from: first)
        try #require(received.count == 10)
        for message in received.prefix(5) {
            try await first.commit(message)
        }
        await first.close()

        let second = try Support.makeConsumer(topic: topic, group: group)
        let resumed = try await Support.receive(5, from: second)
        await second.close()
        #expect(resumed.map { String(decoding: $0.value, as: UTF8.self) } == (6...10).map { "message-\($0)" })
        #expect(resumed.first?.offset == received[5].offset)
    }

    @Test("with a commit interval, only stored offsets are committed: a new member resumes after the 5 stored")
    func storedOffsetSemantics() async throws {
        let topic = try await Support.makeTopic("store")
        let group = Support.unique("group")
        let producer = try Support.makeProducer()
        let results = await producer.sendBatch(
            (1...10).map { KafkaOutgoingMessage(topic: topic, key: nil, value: "message-\($0)".bytes) }
        )
        await producer.shutdown(timeout: .seconds(5))
        #expect(results.allSatisfy { (try? $0.get()) != nil })

        let first = try Support.makeConsumer(topic: topic, group: group, commitInterval: .milliseconds(100))
        let received = try await Support.receive(10, from: first)
        try #require(received.count == 10)
        for message in received.prefix(5) {
            #expect(try first.store(message), "the partition is assigned, so the offset is stored")
        }
        // Several commit intervals pass with all 10 received: the unstored 5 must not be committed.
        try await Task.sleep(for: .milliseconds(500))
        await first.close()

        let second = try Support.makeConsumer(topic: topic, group: group)
        let resumed = try await Support.receive(5, from: second)
        await second.close()
        #expect(resumed.map { String(decoding: $0.value, as: UTF8.self) } == (6...10).map { "message-\($0)" })
    }

    @Test("poll returns nil after its timeout when nothing arrives")
    func pollTimesOut() async throws {
        let topic = try await Support.makeTopic("empty")
        let consumer = try Support.makeConsumer(topic: topic)
        let clock = ContinuousClock()
        let start = clock.now
        let message = try await consumer.poll(timeout: .milliseconds(300))
        let elapsed = clock.now - start
        await consumer.close()
        #expect(message == nil)
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(5))
    }

    @Test("close is idempotent and later polls and commits fail with .closed")
    func closeIsIdempotent() async throws {
        let topic = try await Support.makeTopic("close")
        let consumer = try Support.makeConsumer(topic: topic)
        await consumer.close()
        await consumer.close()
        let pollError = await #expect(throws: KafkaError.self) { try await consumer.poll(timeout: .milliseconds(10)) }
        #expect(pollError?.code == .closed)
        let message = KafkaMessage(topic: topic, partition: 0, offset: 0, key: nil, value: [])
        let commitError = await #expect(throws: KafkaError.self) { try await consumer.commit(message) }
        #expect(commitError?.code == .closed)
    }

    @Test("close ends a long poll that is waiting", .timeLimit(.minutes(1)))
    func closeInterruptsPoll() async throws {
        let topic = try await Support.makeTopic("interrupt")
        let consumer = try Support.makeConsumer(topic: topic)
        let poll = Task { try await consumer.poll(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now
        await consumer.close()
        let error = await #expect(throws: KafkaError.self) { try await poll.value }
        #expect(error?.code == .closed)
        #expect(clock.now - start < .seconds(15))
    }

    @Test("cancelling the polling task returns nil promptly", .timeLimit(.minutes(1)))
    func cancellationEndsPoll() async throws {
        let topic = try await Support.makeTopic("cancel")
        let consumer = try Support.makeConsumer(topic: topic)
        let clock = ContinuousClock()
        let start = clock.now
        let poll = Task { try await consumer.poll(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(300))
        poll.cancel()
        let message = try await poll.value
        #expect(message == nil)
        #expect(clock.now - start < .seconds(5))
        await consumer.close()
    }

    @Test("a member left without partitions joins again as a new member; one that holds its partition does not")
    func unassignedMemberRejoins() async throws {
        let topic = try await Support.makeTopic("rejoin", partitions: 1)
        let group = Support.unique("group")
        // One partition, two members: one of them holds nothing, as a member left out by a faulty
        // coordinator would. The patience is longer than a join (about 3 s on Tansu).
        let patience = Duration.seconds(8)
        let first = try Support.makeConsumer(topic: topic, group: group, rejoinWhenUnassignedFor: patience)
        let second = try Support.makeConsumer(topic: topic, group: group, rejoinWhenUnassignedFor: patience)
        let clock = ContinuousClock()
        let end = clock.now + .seconds(40)
        while clock.now < end, first.rejoinCount + second.rejoinCount == 0 {
            _ = try await first.poll(timeout: .milliseconds(100))
            _ = try await second.poll(timeout: .milliseconds(100))
        }
        let rejoins = first.rejoinCount + second.rejoinCount
        #expect(rejoins >= 1)

        // The member that joined again is a new handle: the pair still consumes what comes next.
        let producer = try Support.makeProducer()
        _ = try await producer.send(topic: topic, key: nil, value: "after rejoin".bytes, headers: [])
        var arrived = false
        let deadline = clock.now + .seconds(40)
        while clock.now < deadline, !arrived {
            arrived = try await first.poll(timeout: .milliseconds(100)) != nil
            arrived = try await second.poll(timeout: .milliseconds(100)) != nil || arrived
        }
        await first.close()
        await second.close()
        #expect(arrived)

        // Alone in its group, the member holds the partition and stays.
        let alone = try Support.makeConsumer(topic: topic, rejoinWhenUnassignedFor: patience)
        _ = try await producer.send(topic: topic, key: nil, value: "after".bytes, headers: [])
        await producer.shutdown(timeout: .seconds(5))
        _ = try await Support.receive(1, from: alone)
        let settled = clock.now + patience + .seconds(2)
        while clock.now < settled { _ = try await alone.poll(timeout: .milliseconds(100)) }
        #expect(alone.rejoinCount == 0)
        await alone.close()
    }
}

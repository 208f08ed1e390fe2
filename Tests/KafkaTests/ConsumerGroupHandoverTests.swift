import Kafka
import Testing

/// A member that goes away must never leave its group without a leader (see `ConsumerHandle`).
@Suite("KafkaConsumer hands partitions over when a member goes away")
struct ConsumerGroupHandoverTests {
    typealias Support = KafkaTestSupport

    @Test("the leader closing while a second member joins leaves the group to the second member")
    func leaderClosingWhileGroupForms() async throws {
        let topic = try await Support.makeTopic("handover", partitions: 4)
        let group = Support.unique("group")
        let producer = try Support.makeProducer()
        let keys = (1...20).map { "key-\($0)" }
        let sent = await producer.sendBatch(
            keys.map { KafkaOutgoingMessage(topic: topic, key: $0.bytes, value: $0.bytes) })
        await producer.shutdown(timeout: .seconds(5))
        try #require(sent.allSatisfy { (try? $0.get()) != nil })

        // Alone in the group, the first member is its leader and holds every partition once it has a message.
        let leader = try Support.makeConsumer(topic: topic, group: group, rejoinWhenUnassignedFor: nil)
        try #require(try await Support.receive(1, from: leader).count == 1)

        // The second member's JoinGroup sends the group back to forming, with the first still its leader;
        // the leader goes away before that rebalance ends.
        let joiner = try Support.makeConsumer(topic: topic, group: group, rejoinWhenUnassignedFor: nil)
        _ = try await joiner.poll(timeout: .milliseconds(300))
        await leader.close()

        // Nothing was committed, so the joiner reads every message from the start once it holds the
        // partitions: about one session timeout later. With a LeaveGroup on close, Tansu kept the
        // departed leader and the joiner got nothing, however long it waited.
        let received = try await Support.receive(keys.count, from: joiner, within: .seconds(60))
        await joiner.close()
        #expect(Set(received.map { String(decoding: $0.value, as: UTF8.self) }) == Set(keys))
    }
}

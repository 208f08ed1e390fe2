import EventSourcing
import Logging
import Synchronization
import Testing

/// The consumer loop's promises, with an in-memory consumer: per-partition order, acknowledgement
/// only after processing, retries without skipping, and partitions that do not wait for each other.
@Suite("ConsumerLoop")
struct ConsumerLoopTests {
    private static let logger = Logger(label: "consumer-loop-test")

    @Test("each partition's messages are processed in offset order and acknowledged after their effect")
    func orderAndAcknowledgement() async throws {
        let consumer = ScriptedConsumer(ScriptedConsumer.messages(partitions: 4, count: 25))
        let processed = Mutex<[(partition: Int32, offset: Int64, acknowledgedBefore: Bool)]>([])
        let loop = ConsumerLoop(name: "test", consumer: consumer, logger: Self.logger)
        let running = Task {
            await loop.run { message in
                let early = consumer.acknowledged.contains { $0.location == message.location }
                processed.withLock { $0.append((message.partition, message.offset, early)) }
            }
        }
        try await waitUntil { consumer.acknowledged.count == 100 }
        running.cancel()
        await running.value

        let seen = processed.withLock { $0 }
        #expect(seen.count == 100, "each message processed exactly once")
        #expect(!seen.contains { $0.acknowledgedBefore }, "a message was acknowledged before its effect")
        for partition in Int32(0)..<4 {
            #expect(seen.filter { $0.partition == partition }.map(\.offset) == Array(0..<25))
            #expect(
                consumer.acknowledged.filter { $0.partition == partition }.map(\.offset) == Array(0..<25))
        }
        #expect(consumer.isClosed)
    }

    @Test("a slow partition does not hold up the others", .timeLimit(.minutes(1)))
    func partitionsRunConcurrently() async throws {
        let consumer = ScriptedConsumer(ScriptedConsumer.messages(partitions: 3, count: 10))
        let othersDone = Gate()
        let loop = ConsumerLoop(name: "test", consumer: consumer, logger: Self.logger)
        let running = Task {
            await loop.run { message in
                // Partition 0's first message waits until partitions 1 and 2 are through: a loop that
                // processed one message at a time would never get there (and the time limit fails it).
                if message.partition == 0 && message.offset == 0 { await othersDone.wait() }
            }
        }
        try await waitUntil { consumer.acknowledged.filter { $0.partition != 0 }.count == 20 }
        #expect(consumer.acknowledged.allSatisfy { $0.partition != 0 })
        othersDone.open()
        try await waitUntil { consumer.acknowledged.count == 30 }
        running.cancel()
        await running.value
    }

    @Test("a failing effect is retried on the same message; its partition's later messages wait for it")
    func failuresAreRetriedNotSkipped() async throws {
        let consumer = ScriptedConsumer(ScriptedConsumer.messages(partitions: 2, count: 3))
        let attempts = Mutex<[String]>([])
        let failuresLeft = Mutex(2)
        let loop = ConsumerLoop(name: "test", consumer: consumer, logger: Self.logger)
        let running = Task {
            await loop.run { message in
                attempts.withLock { $0.append(message.location) }
                if message.partition == 0 && message.offset == 0 {
                    let fail = failuresLeft.withLock { left in
                        defer { left -= 1 }
                        return left > 0
                    }
                    if fail { throw TestFailure() }
                }
            }
        }
        try await waitUntil(timeout: .seconds(30)) { consumer.acknowledged.count == 6 }
        running.cancel()
        await running.value

        let partition0 = attempts.withLock { $0 }.filter { $0.hasPrefix("t/0@") }
        #expect(partition0 == ["t/0@0", "t/0@0", "t/0@0", "t/0@1", "t/0@2"])
        #expect(consumer.acknowledged.filter { $0.partition == 0 }.map(\.offset) == [0, 1, 2])
    }
}

private struct TestFailure: Error {}

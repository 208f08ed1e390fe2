import EventSourcing
import Logging
import Synchronization
import Testing

/// `ConsumerLoop.run(batches:)`: a lane hands over what waits in its partition at once, in order,
/// and acknowledges the batch's last message only after the batch's effect.
@Suite("ConsumerLoop in batches")
struct ConsumerLoopBatchTests {
    private static let logger = Logger(label: "consumer-loop-batch-test")

    /// One call of the batch closure: the partition, the offsets, and whether the last was
    /// already acknowledged when the call started.
    private struct Call: Equatable {
        let partition: Int32
        let offsets: [Int64]
        let acknowledgedBefore: Bool
    }

    /// Runs the loop until `consumer` acknowledged the last message of each of `partitions`. Only
    /// each partition's first message is polled at first, and its call waits until every other
    /// message was polled, so those wait in the lane meanwhile.
    private static func calls(
        partitions: Int32, count: Int64, maxBatch: Int = 64,
        failing shouldFail: @escaping @Sendable (Call) -> Bool = { _ in false }
    ) async throws -> (calls: [Call], consumer: ScriptedConsumer) {
        let consumer = ScriptedConsumer(
            ScriptedConsumer.messages(partitions: partitions, count: count), released: Int(partitions))
        let calls = Mutex<[Call]>([])
        let allPolled = Gate()
        let loop = ConsumerLoop(name: "test", consumer: consumer, maxBatch: maxBatch, logger: logger)
        let running = Task {
            await loop.run(batches: { batch in
                let last = try #require(batch.last)
                let call = Call(
                    partition: last.partition, offsets: batch.map(\.offset),
                    acknowledgedBefore: consumer.acknowledged.contains { $0.location == last.location })
                calls.withLock { $0.append(call) }
                #expect(batch.allSatisfy { $0.partition == last.partition }, "a batch mixes partitions")
                if call.offsets.first == 0 { await allPolled.wait() }
                if shouldFail(call) { throw TestFailure() }
            })
        }
        try await waitUntil { calls.withLock { $0.count } == Int(partitions) }
        consumer.releaseAll()
        try await waitUntil { consumer.remaining == 0 }
        allPolled.open()
        try await waitUntil {
            consumer.acknowledged.filter { $0.offset == count - 1 }.count == Int(partitions)
        }
        running.cancel()
        await running.value
        return (calls.withLock { $0 }, consumer)
    }

    @Test("what waits in a partition comes in one call, in offset order; only its last message is acknowledged")
    func waitingMessagesComeTogether() async throws {
        let (calls, consumer) = try await Self.calls(partitions: 2, count: 20)
        for partition in Int32(0)..<2 {
            let own = calls.filter { $0.partition == partition }
            #expect(own.flatMap(\.offsets) == Array(0..<20))
            #expect(own.first?.offsets == [0])
            // Everything polled while the first call ran comes next, at once (bar a message the
            // poller handed over a moment after the lane took the others).
            #expect(own.count >= 2 && own[1].offsets.count >= 18)
            #expect(
                consumer.acknowledged.filter { $0.partition == partition }.map(\.offset) == own.map { $0.offsets.last! }
            )
        }
        #expect(!calls.contains { $0.acknowledgedBefore }, "a batch was acknowledged before its effect")
        #expect(consumer.isClosed)
    }

    @Test("a batch holds at most maxBatch messages")
    func batchesAreBounded() async throws {
        let (calls, consumer) = try await Self.calls(partitions: 1, count: 10, maxBatch: 4)
        #expect(calls.flatMap(\.offsets) == Array(0..<10))
        #expect(calls.prefix(2).map(\.offsets) == [[0], [1, 2, 3, 4]])
        #expect(calls.allSatisfy { $0.offsets.count <= 4 })
        #expect(consumer.acknowledged.map(\.offset) == calls.map { $0.offsets.last! })
    }

    @Test("a failing batch is retried whole, and nothing of it is acknowledged until it succeeds")
    func failingBatchIsRetriedWhole() async throws {
        let failuresLeft = Mutex(2)
        let (calls, consumer) = try await Self.calls(partitions: 1, count: 6) { call in
            guard call.offsets.first != 0 else { return false }
            return failuresLeft.withLock { left in
                defer { left -= 1 }
                return left > 0
            }
        }
        try #require(calls.count >= 4)
        #expect(calls[0].offsets == [0])
        #expect(calls[2].offsets == calls[1].offsets && calls[3].offsets == calls[1].offsets)
        #expect(calls.flatMap(\.offsets).count == 6 + 2 * calls[1].offsets.count)
        #expect(!calls.contains { $0.acknowledgedBefore })
        #expect(consumer.acknowledged.map(\.offset) == [0] + calls.dropFirst(3).map { $0.offsets.last! })
    }
}

private struct TestFailure: Error {}

import Foundation
import Kafka
import Logging

/// Raw produce throughput of the broker with the project's `KafkaProducer` (idempotent,
/// acks=all), messages shaped like `financing.events` ones, to a scratch topic.
struct KafkaProduceBaseline: Sendable {
    let brokers: String
    let warmUp: Duration
    let duration: Duration
    let logger: Logger

    static let topic = "bench.produce-baseline"

    func run(concurrency: Int, batchSize: Int) async throws -> [ProduceBaselineResult] {
        try await KafkaAdmin.createTopics(
            brokers: brokers, topics: [(name: Self.topic, partitions: 6)], timeout: .seconds(30), logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: brokers), logger: logger)
        let message = SampleEvent.message(topic: Self.topic)
        let concurrent = await measure(
            "concurrent_sends", tasks: concurrency, batchSize: 1, message: message, producer: producer)
        let batches = await measure("batches", tasks: 2, batchSize: batchSize, message: message, producer: producer)
        await producer.shutdown(timeout: .seconds(10))
        return [concurrent, batches]
    }

    private func measure(
        _ mode: String, tasks: Int, batchSize: Int, message: KafkaOutgoingMessage, producer: KafkaProducer
    ) async -> ProduceBaselineResult {
        let clock = ContinuousClock()
        let start = clock.now
        let (measureFrom, end) = (start + warmUp, start + warmUp + duration)
        let totals = Locked((messages: 0, failures: 0, latencies: [Int64]()))
        let batch = Array(repeating: message, count: batchSize)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    var mine = (messages: 0, failures: 0, latencies: [Int64]())
                    while clock.now < end {
                        let began = clock.now
                        let results = await producer.sendBatch(batch)
                        let failures = results.count { if case .failure = $0 { true } else { false } }
                        if began >= measureFrom, clock.now <= end {
                            mine.messages += results.count - failures
                            mine.failures += failures
                            mine.latencies.append(PostgresAppendBaseline.micros(began.duration(to: clock.now)))
                        }
                    }
                    totals.withLock {
                        $0.messages += mine.messages
                        $0.failures += mine.failures
                        $0.latencies += mine.latencies
                    }
                }
            }
        }
        let result = totals.value
        if result.failures > 0 {
            logger.warning(
                "produce baseline had failures", metadata: ["mode": "\(mode)", "failures": "\(result.failures)"])
        }
        return ProduceBaselineResult(
            mode: mode, concurrency: tasks, batchSize: batchSize, messages: result.messages,
            messagesPerS: Double(result.messages) / ProgressReporter.seconds(duration),
            messageBytes: SampleEvent.size(of: message), failures: result.failures,
            latency: LatencySummary(micros: result.latencies))
    }
}

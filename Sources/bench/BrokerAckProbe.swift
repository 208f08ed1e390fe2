import Foundation
import Kafka
import Logging
import Pacing

/// An outside producer that times the broker's acknowledgements while the load runs.
///
/// Why: "accepted → event acknowledged" waits for at least one acknowledgement of this broker (the
/// relayer's). Sending, at the same time, messages of the same shape that no service reads shows how
/// long the broker itself takes to answer under this load, apart from anything the service does.
/// Nothing consumes the probe's topic, so it adds only produce requests, the broker's cheapest work.
struct BrokerAckProbe: Sendable {
    static let topic = "bench.ack-probe"
    static let windowSeconds = 10

    let rate: Int
    private let producer: KafkaProducer
    private let message: KafkaOutgoingMessage

    /// Creates the topic and sends one untimed message, so that metadata and the producer id are
    /// settled before the first timed send.
    static func connect(brokers: String, rate: Int, logger: Logger) async throws -> BrokerAckProbe {
        try await KafkaAdmin.createTopics(
            brokers: brokers, topics: [(name: topic, partitions: 6)], timeout: .seconds(30), logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: brokers), logger: logger)
        let probe = BrokerAckProbe(rate: rate, producer: producer, message: SampleEvent.message(topic: topic))
        do {
            try await probe.send()
        } catch {
            await producer.shutdown(timeout: .seconds(5))
            throw error
        }
        return probe
    }

    /// Sends `rate` messages a second, evenly spaced from `start` until `deadline`, each in a task of
    /// its own so that a slow acknowledgement does not delay the next send.
    func run(from start: ContinuousClock.Instant, until deadline: ContinuousClock.Instant) async
        -> BrokerAckProbeResult
    {
        let pacer = Pacer(perSecond: rate, start: start)
        let samples = Locked((timed: [(sentAfter: Duration, micros: Int64)](), failures: 0))
        await withTaskGroup(of: Void.self) { group in
            while true {
                let slot = pacer.takeSlot()
                guard slot < deadline else { break }
                if slot > .now { try? await Task.sleep(until: slot, clock: .continuous) }
                group.addTask {
                    let sent = ContinuousClock.now
                    do {
                        try await send()
                        let micros = PostgresAppendBaseline.micros(sent.duration(to: .now))
                        samples.withLock { $0.timed.append((start.duration(to: sent), micros)) }
                    } catch {
                        samples.withLock { $0.failures += 1 }
                    }
                }
            }
        }
        let (timed, failures) = samples.value
        let window = Duration.seconds(Self.windowSeconds)
        let windowCount = Int(start.duration(to: deadline) / window) + 1
        var byWindow = [[Int64]](repeating: [], count: windowCount)
        for sample in timed { byWindow[min(windowCount - 1, Int(sample.sentAfter / window))].append(sample.micros) }
        return BrokerAckProbeResult(
            rate: rate, topic: Self.topic, messageBytes: SampleEvent.size(of: message), failures: failures,
            latency: LatencySummary(micros: timed.map(\.micros)), windowS: Self.windowSeconds,
            windows: byWindow.filter { !$0.isEmpty }.map { LatencySummary(micros: $0) })
    }

    func shutdown() async {
        await producer.shutdown(timeout: .seconds(10))
    }

    private func send() async throws {
        try await producer.send(topic: message.topic, key: message.key, value: message.value, headers: message.headers)
    }
}

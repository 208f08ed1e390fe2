import EventSourcing
import FinancingMessages
import Foundation
import Kafka
import Logging

/// Every few seconds, while the faults run, produces one message of every `PoisonVariety` onto
/// every topic a financing component consumes. Each has its own key and `chaos_poison` header,
/// so the checkers can find it again on `<topic>.dlq` and look for any effect it had.
struct Poisoner: Sendable {
    /// The header that traces a poisoned message; a dead-lettered copy keeps it.
    static let traceHeader = "chaos_poison"
    /// The topics a component consumes: the handler both, the projector Registering's. Nothing reads
    /// financing.events any more (policies and projections follow the event store), so a message
    /// produced there can have no effect and is no one's to dead-letter.
    static let topics = [Topic.commands, Topic.registering]

    private let producer: KafkaProducer
    private let history: History
    private let state: WorkloadState
    private let giveUpAfter: Duration
    private let logger: Logger

    init(brokers: String, history: History, state: WorkloadState, giveUpAfter: Duration, logger: Logger) throws {
        var configuration = KafkaProducerConfiguration(brokers: brokers)
        configuration.clientID = "chaos-poisoner"
        configuration.properties["message.timeout.ms"] = "10000"
        producer = try KafkaProducer(configuration: configuration, logger: logger)
        self.history = history
        self.state = state
        self.giveUpAfter = giveUpAfter
        self.logger = logger
    }

    /// Produces a round every `interval` seconds until `deadline`; returns once the last round's
    /// messages were acknowledged or given up.
    func run(until deadline: ContinuousClock.Instant, interval: ClosedRange<Double>) async {
        var rounds = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(Double.random(in: interval)))
            guard ContinuousClock.now < deadline else { break }
            await round()
            rounds += 1
        }
        logger.info("poisoner: done", metadata: ["rounds": "\(rounds)"])
    }

    func shutdown() async {
        await producer.shutdown(timeout: .seconds(10))
    }

    private func round() async {
        // An intact SellInvoice for an existing issuer would succeed: a defect the handler missed shows.
        let issuer = await state.randomIssuer() ?? UUID()
        await withTaskGroup(of: Void.self) { group in
            for topic in Self.topics {
                for variety in PoisonVariety.allCases where variety.applies(to: topic) {
                    group.addTask { await send(variety, on: topic, issuer: issuer) }
                }
            }
        }
    }

    /// Sends one poisoned message until the broker acknowledges it, resending the same bytes.
    private func send(_ variety: PoisonVariety, on topic: String, issuer: UUID) async {
        let poison = UUID()
        let messageID = UUID()
        let target = UUID()
        let message = variety.message(
            topic: topic, poison: poison, messageID: messageID, target: target, issuer: issuer)
        let key = "chaos-poison-\(poison.uuidString.lowercased())"
        let start = await history.now()
        let deadline = ContinuousClock.now + giveUpAfter
        var attempts = 0
        var lastError = ""
        var acknowledged = false
        while ContinuousClock.now < deadline, !acknowledged {
            attempts += 1
            do {
                try await producer.send(
                    topic: topic, key: Array(key.utf8), value: message.payload,
                    headers: message.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
                acknowledged = true
            } catch {
                lastError = "\(error)"
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        await history.record(
            History.Poison(
                id: poison, topic: topic, variety: variety, key: key,
                messageID: message.headers.first { $0.name == MessageHeader.messageID }?.value, target: target,
                startSeconds: start, endSeconds: await history.now(), attempts: attempts,
                outcome: acknowledged ? .ok : .info, detail: acknowledged ? nil : "gave up: \(lastError)"))
    }
}

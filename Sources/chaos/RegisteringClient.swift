import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Kafka
import Logging
import Messaging

/// Plays Registering: announces investors and issuers on `registering.events`, retrying an
/// unacknowledged publish with the same message id (so the handler must deduplicate it).
struct RegisteringClient: Sendable {
    private let producer: KafkaProducer
    private let history: History
    private let giveUpAfter: Duration

    init(brokers: String, history: History, giveUpAfter: Duration, logger: Logger) throws {
        var configuration = KafkaProducerConfiguration(brokers: brokers)
        configuration.properties["message.timeout.ms"] = "10000"
        producer = try KafkaProducer(configuration: configuration, logger: logger)
        self.history = history
        self.giveUpAfter = giveUpAfter
    }

    /// Registers an investor with `balance`; returns its id once the broker acknowledged it.
    func registerInvestor(balance: Int64) async -> UUID? {
        let id = UUID()
        let event = IntegrationEvent.investorRegistered(
            InvestorID(id), name: "Chaos investor \(id.uuidString.prefix(8))", balance: Money(minorUnits: balance))
        return await publish(event, kind: "register-investor", target: id) ? id : nil
    }

    /// Registers an issuer; returns its id once the broker acknowledged it.
    func registerIssuer() async -> UUID? {
        let id = UUID()
        let event = IntegrationEvent.issuerRegistered(IssuerID(id), name: "Chaos issuer \(id.uuidString.prefix(8))")
        return await publish(event, kind: "register-issuer", target: id) ? id : nil
    }

    func shutdown() async {
        await producer.shutdown(timeout: .seconds(10))
    }

    private func publish(_ event: IntegrationEvent, kind: String, target: UUID) async -> Bool {
        let messageID = UUID()
        let start = await history.now()
        let deadline = ContinuousClock.now + giveUpAfter
        let publisher = KafkaMessagePublisher(producer: producer)
        var attempts = 0
        var lastError = ""
        while ContinuousClock.now < deadline {
            attempts += 1
            do {
                try await publisher.publish([.integration(event, messageID: messageID)])
                await history.record(
                    History.Call(
                        kind: kind, id: messageID, target: target, startSeconds: start, endSeconds: await history.now(),
                        attempts: attempts, outcome: .ok))
                return true
            } catch {
                lastError = "\(error)"
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        await history.record(
            History.Call(
                kind: kind, id: messageID, target: target, startSeconds: start, endSeconds: await history.now(),
                attempts: attempts,
                outcome: .info, detail: "gave up: \(lastError)"))
        return false
    }
}

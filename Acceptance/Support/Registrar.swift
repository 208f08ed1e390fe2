import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Kafka
import Messaging

/// Plays Registering's part: announces investors and issuers on `registering.events` (SPEC §4).
struct Registrar: Sendable {
    private let producer: KafkaProducer

    init() throws {
        producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(brokers: StackEnvironment.brokers),
            logger: StackEnvironment.logger)
    }

    func shutdown() async {
        await producer.shutdown(timeout: .seconds(5))
    }

    /// Announces a new investor with a fresh id; returns the id.
    func registerInvestor(balance: Int64, name: String? = nil) async throws -> (id: String, name: String) {
        let id = freshID()
        let name = name ?? "Acceptance investor \(id.prefix(8))"
        try await publish(.investorRegistered(InvestorID(id)!, name: name, balance: Money(minorUnits: balance)))
        return (id, name)
    }

    /// Announces a new issuer with a fresh id; returns the id.
    func registerIssuer(name: String? = nil) async throws -> (id: String, name: String) {
        let id = freshID()
        let name = name ?? "Acceptance issuer \(id.prefix(8))"
        try await publish(.issuerRegistered(IssuerID(id)!, name: name))
        return (id, name)
    }

    /// Publishes one integration event with the standard headers plus `extraHeaders`.
    func publish(_ event: IntegrationEvent, messageID: UUID = UUID(), extraHeaders: [MessageHeader] = []) async throws {
        let message = OutgoingMessage.integration(event, messageID: messageID)
        try await KafkaMessagePublisher(producer: producer).publish([
            OutgoingMessage(
                topic: message.topic, key: message.key, payload: message.payload,
                headers: message.headers + extraHeaders)
        ])
    }

    /// Publishes raw bytes, for messages the service must refuse.
    func publishRaw(topic: String, key: String, value: String, headers: [(String, String)]) async throws {
        try await producer.send(
            topic: topic, key: Array(key.utf8), value: Array(value.utf8),
            headers: headers.map { KafkaHeader(key: $0.0, string: $0.1) })
    }
}

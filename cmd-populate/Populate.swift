import ArgumentParser
import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Kafka
import Logging
import Messaging

/// `populate`: plays Registering's part locally, announcing issuers and investors on
/// `registering.events` (SPEC §2). Prints the ids it registered, one `kind id` per line.
@main
struct Populate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "populate",
        abstract: "Publishes IssuerRegistered and InvestorRegistered integration events and prints the ids.")

    @Option(help: "How many issuers to register.")
    var issuers = 5
    @Option(help: "How many investors to register.")
    var investors = 5
    @Option(help: "Each investor's opening balance in minor units (10000 = 100.00).")
    var balance: Int64 = 10_000
    @Option(help: "Kafka bootstrap brokers (FINANCING_KAFKA_BROKERS).")
    var kafkaBrokers = ProcessInfo.processInfo.environment["FINANCING_KAFKA_BROKERS"] ?? "127.0.0.1:9092"
    @Option(help: "Messages per batch sent to the broker.")
    var batchSize = 500

    func validate() throws {
        guard issuers >= 0, investors >= 0 else { throw ValidationError("counts must not be negative") }
        guard balance >= 0 else { throw ValidationError("--balance must not be negative") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "populate")
        try await KafkaAdmin.waitUntilReachable(brokers: kafkaBrokers, timeout: .seconds(60), logger: logger)
        try await KafkaAdmin.createTopics(
            brokers: kafkaBrokers, topics: [(name: Topic.registering, partitions: 6)], timeout: .seconds(30),
            logger: logger)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(brokers: kafkaBrokers), logger: logger)
        let publisher = KafkaMessagePublisher(producer: producer)

        let registrations: [IntegrationEvent] =
            (0..<issuers).map { .issuerRegistered(IssuerID(UUID()), name: "Issuer \($0 + 1)") }
            + (0..<investors).map {
                .investorRegistered(InvestorID(UUID()), name: "Investor \($0 + 1)", balance: Money(minorUnits: balance))
            }
        var sent = 0
        for start in stride(from: 0, to: registrations.count, by: batchSize) {
            let batch = registrations[start..<min(start + batchSize, registrations.count)]
            try await publisher.publish(batch.map { OutgoingMessage.integration($0, messageID: UUID()) })
            sent += batch.count
            if registrations.count > batchSize {
                logger.info("published", metadata: ["done": "\(sent)", "total": "\(registrations.count)"])
            }
        }
        await producer.shutdown(timeout: .seconds(10))
        for registration in registrations {
            switch registration {
            case .issuerRegistered(let id, _): print("issuer \(id)")
            case .investorRegistered(let id, _, _): print("investor \(id)")
            }
        }
        logger.info("registered", metadata: ["issuers": "\(issuers)", "investors": "\(investors)"])
    }
}

import ArgumentParser
import Authentication
import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Kafka
import Logging
import Messaging

/// `populate`: plays Registering's part locally, announcing issuers and investors on
/// `registering.events` (SPEC §2). Prints the ids it registered, one `kind id` per line, and with
/// a signing key (FINANCING_AUTH_KEY_FILE) a bearer token for each after its id (SPEC §6).
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
    @Option(
        help:
            "librdkafka properties to reach the cluster, e.g. security.protocol, sasl.* (FINANCING_KAFKA_CLIENT_PROPERTIES)."
    )
    var kafkaClientProperties = ProcessInfo.processInfo.environment["FINANCING_KAFKA_CLIENT_PROPERTIES"] ?? ""
    @Option(help: "Messages per batch sent to the broker.")
    var batchSize = 500
    @Option(help: "The service's signing key: print a token beside each id (FINANCING_AUTH_KEY_FILE).")
    var keyFile = ProcessInfo.processInfo.environment["FINANCING_AUTH_KEY_FILE"] ?? ""
    @Option(help: "How long the printed tokens are valid, in hours.")
    var tokenHours = 24

    func validate() throws {
        guard issuers >= 0, investors >= 0 else { throw ValidationError("counts must not be negative") }
        guard balance >= 0 else { throw ValidationError("--balance must not be negative") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard tokenHours > 0 else { throw ValidationError("--token-hours must be positive") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "populate")
        // Read before anything is published: a bad key file must not leave parties without tokens.
        let issuer = keyFile.isEmpty ? nil : await AccessTokenIssuer(key: try SigningKey.read(from: keyFile))
        let connection = try KafkaPropertyList.parse(kafkaClientProperties)
        try await KafkaAdmin.waitUntilReachable(
            brokers: kafkaBrokers, connection: connection, timeout: .seconds(60), logger: logger)
        try await KafkaAdmin.createTopics(
            brokers: kafkaBrokers, connection: connection, topics: [(name: Topic.registering, partitions: 6)],
            timeout: .seconds(30), logger: logger)
        var producerConfiguration = KafkaProducerConfiguration(brokers: kafkaBrokers)
        producerConfiguration.properties = connection
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
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
        let now = Date()
        for registration in registrations {
            let (kind, id, role): (String, String, Role) =
                switch registration {
                case .issuerRegistered(let id, _): ("issuer", "\(id)", .issuer)
                case .investorRegistered(let id, _, _): ("investor", "\(id)", .investor)
                }
            guard let issuer else {
                print("\(kind) \(id)")
                continue
            }
            let token = try await issuer.token(
                for: Caller(subject: id, role: role), at: now, lifetime: .seconds(Int64(tokenHours) * 3600))
            print("\(kind) \(id) \(token)")
        }
        logger.info("registered", metadata: ["issuers": "\(issuers)", "investors": "\(investors)"])
    }
}

import EventSourcing
import FinancingMessages
import Kafka
import Logging
import Messaging
import Postgres
import PostgresEventStore
import PostgresReadModels

/// Connects to PostgreSQL and Kafka, waiting for them with backoff, and creates what the
/// components need (databases, tables, topics) idempotently.
public struct Infrastructure: Sendable {
    public let configuration: FinancingConfiguration
    let logger: Logger

    public init(configuration: FinancingConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Topics are created with enough partitions for several handler and projector instances.
    static let partitions: Int32 = 6

    public func eventStorePool() async throws -> PostgresPool {
        let pool = try await database(configuration.eventStoreURL)
        try await EventStoreSchema.migrate(pool)
        return pool
    }

    public func readModelPool() async throws -> PostgresPool {
        let pool = try await database(configuration.readModelURL)
        try await ReadModelSchema.migrate(pool)
        return pool
    }

    /// Creating the database needs the server, not the database: retried until the server answers.
    private func database(_ url: String) async throws -> PostgresPool {
        let deadline = ContinuousClock.now.advanced(by: configuration.startupTimeout)
        var backoff = Backoff()
        while let error = await createDatabase(url) {
            guard error.isConnectionFailure, ContinuousClock.now < deadline else { throw error }
            let pause = backoff.next()
            logger.warning("waiting for PostgreSQL", metadata: ["error": "\(error.message)", "retry_in": "\(pause)"])
            try await Task.sleep(for: pause)
        }
        try await PostgresBootstrap.waitUntilReachable(url: url, timeout: configuration.startupTimeout, logger: logger)
        return PostgresPool(url: url, maxConnections: configuration.poolSize, logger: logger)
    }

    /// The error creating the database ran into, nil when it exists now.
    private func createDatabase(_ url: String) async -> PostgresError? {
        do {
            try await PostgresBootstrap.createDatabaseIfMissing(url: url, logger: logger)
            return nil
        } catch {
            return error
        }
    }

    /// Waits for the broker and creates the topics of SPEC §4 and their dead-letter topics.
    public func prepareKafka() async throws {
        try LibRdKafka.requireSupportedVersion()
        try await KafkaAdmin.waitUntilReachable(
            brokers: configuration.kafkaBrokers, timeout: configuration.startupTimeout, logger: logger)
        try await KafkaAdmin.createTopics(
            brokers: configuration.kafkaBrokers, topics: Topic.all.map { (name: $0, partitions: Self.partitions) },
            timeout: .seconds(30), logger: logger)
    }

    /// A send fails after 15 s instead of librdkafka's 5 minutes, so a caller waiting on an
    /// unreachable broker hears UNAVAILABLE (the listener) or pauses and retries (the relayer) soon.
    public func producer() throws -> KafkaProducer {
        var producerConfiguration = KafkaProducerConfiguration(brokers: configuration.kafkaBrokers)
        producerConfiguration.properties["message.timeout.ms"] = "15000"
        producerConfiguration.properties.merge(
            try KafkaPropertyList.parse(configuration.kafkaProducerProperties)
        ) { _, override in override }
        return try KafkaProducer(configuration: producerConfiguration, logger: logger)
    }

    public func consumer(group: String, topics: [String]) throws -> KafkaMessageConsumer {
        var consumerConfiguration = KafkaConsumerConfiguration(
            brokers: configuration.kafkaBrokers, groupID: group, topics: topics)
        // Lanes finish messages of many partitions at once; one synchronous commit each would
        // serialise them. A crash redelivers at most this much finished work, deduplicated.
        consumerConfiguration.commitInterval = .milliseconds(200)
        consumerConfiguration.properties.merge(
            try KafkaPropertyList.parse(configuration.kafkaConsumerProperties)
        ) { _, override in override }
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        return KafkaMessageConsumer(consumer: consumer, acknowledgement: .storeForPeriodicCommit)
    }
}

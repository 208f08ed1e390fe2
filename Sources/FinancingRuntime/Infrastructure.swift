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

    public func eventStorePool() async throws -> PostgresPool {
        let pool = try await database(configuration.eventStoreURL)
        try await whileUnreachable("migrating the event store") { try await EventStoreSchema.migrate(pool) }
        return pool
    }

    /// Connections to the event store that can only read: every transaction of theirs is READ ONLY,
    /// so the code that shows streams to callers cannot write, whatever it is asked.
    public func eventStoreReaderPool() async throws -> PostgresPool {
        try await PostgresBootstrap.waitUntilReachable(
            url: configuration.eventStoreURL, timeout: configuration.startupTimeout, logger: logger)
        return PostgresPool(
            url: configuration.eventStoreURL, maxConnections: configuration.poolSize,
            settings: ["options": "-c default_transaction_read_only=on"], logger: logger)
    }

    public func readModelPool() async throws -> PostgresPool {
        let pool = try await database(configuration.readModelURL)
        try await whileUnreachable("migrating the read models") { try await ReadModelSchema.migrate(pool) }
        return pool
    }

    /// Creating the database needs the server, not the database: retried until the server answers.
    private func database(_ url: String) async throws -> PostgresPool {
        try await whileUnreachable("creating the database") {
            try await PostgresBootstrap.createDatabaseIfMissing(url: url, logger: logger)
        }
        try await PostgresBootstrap.waitUntilReachable(url: url, timeout: configuration.startupTimeout, logger: logger)
        return PostgresPool(url: url, maxConnections: configuration.poolSize, logger: logger)
    }

    /// Runs `step` again, with backoff, while it fails because the server went away (a restart
    /// during startup), until the startup timeout. The steps are idempotent: a migration is one
    /// transaction of `IF NOT EXISTS` statements, so a broken one left nothing behind.
    private func whileUnreachable(_ step: String, _ body: () async throws -> Void) async throws {
        let deadline = ContinuousClock.now.advanced(by: configuration.startupTimeout)
        var backoff = Backoff()
        while true {
            do {
                return try await body()
            } catch let error as PostgresError where error.isConnectionFailure && ContinuousClock.now < deadline {
                let pause = backoff.next()
                logger.warning(
                    "waiting for PostgreSQL",
                    metadata: ["step": "\(step)", "error": "\(error.message)", "retry_in": "\(pause)"])
                try await Task.sleep(for: pause)
            }
        }
    }

    /// Waits for the broker and creates the topics of SPEC §4 and their dead-letter topics.
    public func prepareKafka() async throws {
        try LibRdKafka.requireSupportedVersion()
        try await KafkaAdmin.waitUntilReachable(
            brokers: configuration.kafkaBrokers, connection: try kafkaConnection(),
            timeout: configuration.startupTimeout, logger: logger)
        // A broker that just came up (or several instances creating the same topics at once) may
        // answer CreateTopics late or with a transient error: retried until the startup deadline, so
        // a component does not exit because the broker was slow.
        let deadline = ContinuousClock.now.advanced(by: configuration.startupTimeout)
        var backoff = Backoff()
        while true {
            do {
                return try await createTopics(Topic.all)
            } catch let error where ContinuousClock.now < deadline {
                let pause = backoff.next()
                logger.warning(
                    "creating the Kafka topics failed; retrying",
                    metadata: ["error": "\(error)", "retry_in": "\(pause)"])
                try await Task.sleep(for: pause)
            }
        }
    }

    /// Creates those of `topics` that do not exist, with the configured partition count.
    public func createTopics(_ topics: [String]) async throws {
        try await KafkaAdmin.createTopics(
            brokers: configuration.kafkaBrokers, connection: try kafkaConnection(),
            topics: topics.map { (name: $0, partitions: configuration.topicPartitions) },
            timeout: .seconds(10), logger: logger)
    }

    /// A send fails after 15 s instead of librdkafka's 5 minutes, so a caller waiting on an
    /// unreachable broker hears UNAVAILABLE (the listener) or pauses and retries (the relayer) soon.
    public func producer() throws -> KafkaProducer {
        var producerConfiguration = KafkaProducerConfiguration(brokers: configuration.kafkaBrokers)
        producerConfiguration.properties["message.timeout.ms"] = "15000"
        producerConfiguration.properties.merge(try kafkaConnection()) { _, override in override }
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
        consumerConfiguration.properties.merge(try kafkaConnection()) { _, override in override }
        consumerConfiguration.properties.merge(
            try KafkaPropertyList.parse(configuration.kafkaConsumerProperties)
        ) { _, override in override }
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        return KafkaMessageConsumer(consumer: consumer, acknowledgement: .storeForPeriodicCommit)
    }

    /// FINANCING_KAFKA_CLIENT_PROPERTIES: what every client (producers, consumers, the admin client,
    /// the readiness probe) needs to reach the cluster, e.g. `security.protocol=SASL_SSL` and `sasl.*`.
    public func kafkaConnection() throws(KafkaError) -> [String: String] {
        try KafkaPropertyList.parse(configuration.kafkaClientProperties)
    }
}

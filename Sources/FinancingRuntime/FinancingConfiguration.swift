import Foundation

/// Where the service's servers are and how it behaves (SPEC §2): environment variables with
/// defaults for a local stack; the command line may override each.
public struct FinancingConfiguration: Sendable {
    public var eventStoreURL: String
    public var readModelURL: String
    public var kafkaBrokers: String
    /// The address every server binds: loopback unless asked, so a laptop's stack is not on
    /// its network; container images set 0.0.0.0 (SPEC §6).
    public var bindHost = "127.0.0.1"
    public var commandsPort: Int
    public var queriesPort: Int
    /// The HTTP/JSON API and web view (SPEC §7).
    public var httpPort = 8082
    /// HTTP port of `/metrics`, `/healthz` and `/readyz`; 0 turns the endpoint off.
    public var metricsPort: Int
    public var relayInterval: Duration
    /// Connections per PostgreSQL pool; the bottleneck is the server's cores, not the pool.
    public var poolSize: Int
    /// A snapshot of an aggregate is taken every this many events; 0 turns snapshots off.
    public var snapshotEvery: Int
    /// How long a component waits for PostgreSQL and Kafka at start before giving up.
    public var startupTimeout: Duration
    /// Extra librdkafka properties, `name=value,…`, applied over the defaults of every producer
    /// (the listener's, the relayer's) and every consumer (the handler's, the projector's).
    public var kafkaProducerProperties: String = ""
    /// librdkafka properties every client needs to reach the cluster (`security.protocol`, `sasl.*`,
    /// `ssl.*`): the producers, the consumers, the admin client and the readiness probe. Under the
    /// producer and consumer lists, which win where both name a property.
    public var kafkaClientProperties: String = ""
    public var kafkaConsumerProperties: String = ""
    /// Partitions of each topic the service creates (an existing topic keeps its own count).
    public var topicPartitions: Int32 = 6
    /// Relays the relayer keeps in flight at once: the next goes out while earlier ones await the
    /// broker's acknowledgement. 1, the plain read → publish → mark loop, is the default because on
    /// the test broker more, smaller produce requests slowed everything (docs/measuring.md).
    public var relayPipelineDepth = 1
    /// How long an accepted command may go without an outcome after it was last enqueued before the
    /// redelivery sweep enqueues it again (a broker that lost it); zero turns redelivery off.
    public var commandRedeliveryAfter: Duration = .seconds(10)
    /// The PEM file whose key verifies bearer tokens (SPEC §6): the Ed25519 signing key, or only its
    /// public half. The gRPC servers refuse to start without it.
    public var authKeyFile = ""
    /// PEM certificate chain and private key the servers present; both empty: plaintext (SPEC §6).
    public var tlsCertificateFile = ""
    public var tlsKeyFile = ""

    /// Reads the environment (`FINANCING_*`), falling back to the local defaults.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        func value(_ name: String, _ fallback: String) -> String {
            environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        }
        var configuration = FinancingConfiguration(
            eventStoreURL: value("FINANCING_EVENTSTORE_URL", "postgres://postgres:postgres@127.0.0.1:5432/financing"),
            readModelURL: value(
                "FINANCING_READMODEL_URL", "postgres://postgres:postgres@127.0.0.1:5432/financing_queries"),
            kafkaBrokers: value("FINANCING_KAFKA_BROKERS", "127.0.0.1:9092"),
            commandsPort: Int(value("FINANCING_COMMANDS_PORT", "8080")) ?? 8080,
            queriesPort: Int(value("FINANCING_QUERIES_PORT", "8081")) ?? 8081,
            metricsPort: Int(value("FINANCING_METRICS_PORT", "9090")) ?? 9090,
            relayInterval: .milliseconds(Int(value("FINANCING_RELAY_INTERVAL_MS", "100")) ?? 100),
            poolSize: Int(value("FINANCING_POOL_SIZE", "8")) ?? 8,
            snapshotEvery: Int(value("FINANCING_SNAPSHOT_EVERY", "100")) ?? 100,
            startupTimeout: .seconds(Int(value("FINANCING_STARTUP_TIMEOUT_S", "120")) ?? 120),
            kafkaProducerProperties: value("FINANCING_KAFKA_PRODUCER_PROPERTIES", ""),
            kafkaConsumerProperties: value("FINANCING_KAFKA_CONSUMER_PROPERTIES", ""))
        configuration.httpPort = Int(value("FINANCING_HTTP_PORT", "8082")) ?? 8082
        configuration.bindHost = value("FINANCING_BIND_HOST", "127.0.0.1")
        configuration.authKeyFile = value("FINANCING_AUTH_KEY_FILE", "")
        configuration.kafkaClientProperties = value("FINANCING_KAFKA_CLIENT_PROPERTIES", "")
        configuration.tlsCertificateFile = value("FINANCING_TLS_CERT", "")
        configuration.tlsKeyFile = value("FINANCING_TLS_KEY", "")
        configuration.topicPartitions =
            Int32(value("FINANCING_TOPIC_PARTITIONS", "6")).flatMap { $0 > 0 ? $0 : nil } ?? 6
        configuration.relayPipelineDepth =
            Int(value("FINANCING_RELAY_PIPELINE_DEPTH", "1")).flatMap { $0 > 0 ? $0 : nil } ?? 1
        configuration.commandRedeliveryAfter =
            .seconds(Int(value("FINANCING_COMMAND_REDELIVERY_AFTER_S", "10")).flatMap { $0 >= 0 ? $0 : nil } ?? 10)
        return configuration
    }
}

import ArgumentParser
import FinancingRuntime
import Foundation

/// Command-line overrides of the environment's configuration (SPEC §2).
struct ConfigurationOptions: ParsableArguments {
    @Option(help: "Event store database URL (FINANCING_EVENTSTORE_URL).")
    var eventstoreURL: String?
    @Option(help: "Read model database URL (FINANCING_READMODEL_URL).")
    var readmodelURL: String?
    @Option(help: "Kafka bootstrap brokers (FINANCING_KAFKA_BROKERS).")
    var kafkaBrokers: String?
    @Option(help: "Address the servers bind, e.g. 0.0.0.0 for every interface (FINANCING_BIND_HOST).")
    var bindHost: String?
    @Option(help: "PEM key that verifies bearer tokens: the signing key or its public half (FINANCING_AUTH_KEY_FILE).")
    var authKeyFile: String?
    @Option(help: "PEM certificate chain the servers present; TLS needs --tls-key too (FINANCING_TLS_CERT).")
    var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert (FINANCING_TLS_KEY).")
    var tlsKey: String?
    @Option(help: "Commands gRPC port (FINANCING_COMMANDS_PORT).")
    var commandsPort: Int?
    @Option(help: "Queries gRPC port (FINANCING_QUERIES_PORT).")
    var queriesPort: Int?
    @Option(help: "HTTP/JSON API and web view port (FINANCING_HTTP_PORT).")
    var httpPort: Int?
    @Option(help: "HTTP port of /metrics, /healthz and /readyz; 0 turns it off (FINANCING_METRICS_PORT).")
    var metricsPort: Int?
    @Option(help: "Relayer poll interval in milliseconds (FINANCING_RELAY_INTERVAL_MS).")
    var relayIntervalMs: Int?
    @Option(help: "Relays in flight at once; 1 waits for each acknowledgement (FINANCING_RELAY_PIPELINE_DEPTH).")
    var relayPipelineDepth: Int?
    @Option(
        help:
            "librdkafka properties of every client, e.g. security.protocol, sasl.* (FINANCING_KAFKA_CLIENT_PROPERTIES)."
    )
    var kafkaClientProperties: String?
    @Option(help: "Extra librdkafka producer properties, name=value,… (FINANCING_KAFKA_PRODUCER_PROPERTIES).")
    var kafkaProducerProperties: String?
    @Option(help: "Extra librdkafka consumer properties, name=value,… (FINANCING_KAFKA_CONSUMER_PROPERTIES).")
    var kafkaConsumerProperties: String?
    @Option(help: "Partitions of each topic created at start, not of existing ones (FINANCING_TOPIC_PARTITIONS).")
    var topicPartitions: Int32?
    @Option(help: "Log level: trace, debug, info, notice, warning, error (FINANCING_LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["FINANCING_LOG_LEVEL"] ?? "info"

    /// The environment's configuration (secrets read from their `*_FILE`s), then the flags given.
    func configuration() throws -> FinancingConfiguration {
        var configuration = FinancingConfiguration.fromEnvironment(
            try SecretFiles.resolve(ProcessInfo.processInfo.environment))
        if let eventstoreURL { configuration.eventStoreURL = eventstoreURL }
        if let readmodelURL { configuration.readModelURL = readmodelURL }
        if let kafkaBrokers { configuration.kafkaBrokers = kafkaBrokers }
        if let bindHost { configuration.bindHost = bindHost }
        if let authKeyFile { configuration.authKeyFile = authKeyFile }
        if let tlsCert { configuration.tlsCertificateFile = tlsCert }
        if let tlsKey { configuration.tlsKeyFile = tlsKey }
        if let commandsPort { configuration.commandsPort = commandsPort }
        if let queriesPort { configuration.queriesPort = queriesPort }
        if let httpPort { configuration.httpPort = httpPort }
        if let metricsPort { configuration.metricsPort = metricsPort }
        if let relayIntervalMs { configuration.relayInterval = .milliseconds(relayIntervalMs) }
        if let relayPipelineDepth, relayPipelineDepth > 0 { configuration.relayPipelineDepth = relayPipelineDepth }
        if let kafkaClientProperties { configuration.kafkaClientProperties = kafkaClientProperties }
        if let kafkaProducerProperties { configuration.kafkaProducerProperties = kafkaProducerProperties }
        if let kafkaConsumerProperties { configuration.kafkaConsumerProperties = kafkaConsumerProperties }
        if let topicPartitions, topicPartitions > 0 { configuration.topicPartitions = topicPartitions }
        return configuration
    }
}

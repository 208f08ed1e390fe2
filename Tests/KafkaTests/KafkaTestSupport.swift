import Foundation
import Kafka
import Logging

/// Shared settings and helpers for the integration tests against the real broker.
enum KafkaTestSupport {
    /// The broker under test: `FINANCING_TEST_KAFKA_BROKERS`, else the local Tansu default.
    static let brokers = ProcessInfo.processInfo.environment["FINANCING_TEST_KAFKA_BROKERS"] ?? "127.0.0.1:9092"

    /// librdkafka debug contexts (e.g. "cgrp,protocol") from `FINANCING_TEST_KAFKA_DEBUG`, for diagnosing.
    static let debugContexts = ProcessInfo.processInfo.environment["FINANCING_TEST_KAFKA_DEBUG"]

    /// A logger that shows librdkafka's warnings and errors, plus its debug lines when asked for.
    static let logger: Logger = {
        var logger = Logger(label: "kafka-tests")
        logger.logLevel = debugContexts == nil ? .warning : .debug
        return logger
    }()

    /// Extra client properties every test client gets.
    static var debugProperties: [String: String] {
        debugContexts.map { ["debug": $0] } ?? [:]
    }

    /// A name no other test (or earlier run against the same broker) uses.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased())"
    }

    /// Creates a fresh topic with `partitions` partitions and returns its name.
    static func makeTopic(_ prefix: String, partitions: Int32 = 1) async throws -> String {
        let topic = unique(prefix)
        try await KafkaAdmin.createTopics(
            brokers: brokers,
            topics: [(name: topic, partitions: partitions)],
            timeout: .seconds(10),
            logger: logger
        )
        return topic
    }

    /// A producer for the test broker.
    static func makeProducer(properties: [String: String] = [:]) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(brokers: brokers)
        configuration.properties = debugProperties.merging(properties) { $1 }
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// A consumer in `group` (fresh by default) subscribed to `topic`.
    static func makeConsumer(
        topic: String, group: String = unique("group"), commitInterval: Duration? = nil,
        rejoinWhenUnassignedFor: Duration? = .seconds(15)
    ) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(brokers: brokers, groupID: group, topics: [topic])
        configuration.commitInterval = commitInterval
        configuration.rejoinWhenUnassignedFor = rejoinWhenUnassignedFor
        configuration.properties.merge(debugProperties) { $1 }
        return try KafkaConsumer(configuration: configuration, logger: logger)
    }

    /// Polls until `count` messages arrived or `deadline` passed (a new group's first join takes ~3 s).
    static func receive(
        _ count: Int,
        from consumer: KafkaConsumer,
        within deadline: Duration = .seconds(30)
    ) async throws -> [KafkaMessage] {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var messages: [KafkaMessage] = []
        while messages.count < count, clock.now < end {
            if let message = try await consumer.poll(timeout: .milliseconds(200)) {
                messages.append(message)
            }
        }
        return messages
    }
}

extension String {
    /// The UTF-8 bytes, for message keys and values.
    var bytes: [UInt8] { Array(utf8) }
}

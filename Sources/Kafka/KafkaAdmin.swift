import CRdKafka
import Logging

/// Cluster administration needed at start-up: creating topics and waiting for the broker.
public enum KafkaAdmin {
    /// Creates the topics that don't exist yet; "already exists" is success. Waits for the result up to timeout.
    ///
    /// The replication factor is left to the broker's default (-1), which suits both a single local
    /// broker and a production cluster.
    ///
    /// `connection`: what every client needs to reach the cluster (`security.protocol`, `sasl.*`, `ssl.*`).
    public static func createTopics(
        brokers: String,
        connection: [String: String] = [:],
        topics: [(name: String, partitions: Int32)],
        timeout: Duration,
        logger: Logger
    ) async throws(KafkaError) {
        guard !topics.isEmpty else { return }
        let client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER, properties: adminProperties(brokers, connection), logger: logger)
        let specs = topics.map { TopicSpec(name: $0.name, partitions: $0.partitions) }
        let result = await runBlocking {
            defer { client.destroy() }
            return createTopicsBlocking(client: client, topics: specs, timeout: timeout)
        }
        for name in try result.get() {
            logger.debug("Kafka topic \(name) already exists")
        }
    }

    /// Waits until the broker answers a metadata request, retrying with backoff (100 ms doubling to 5 s).
    public static func waitUntilReachable(
        brokers: String, connection: [String: String] = [:], timeout: Duration, logger: Logger
    ) async throws(KafkaError) {
        let client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER, properties: adminProperties(brokers, connection), logger: logger)
        let outcome = await pollMetadata(client: client, brokers: brokers, timeout: timeout, logger: logger)
        await runBlocking { client.destroy() }
        try outcome.get()
    }

    /// Repeats metadata requests on one handle (librdkafka keeps reconnecting it) until one succeeds.
    private static func pollMetadata(
        client: RdKafkaClient,
        brokers: String,
        timeout: Duration,
        logger: Logger
    ) async -> Result<Void, KafkaError> {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var backoff = Duration.milliseconds(100)
        var attempt = 1
        while true {
            let attemptTimeout = min(max(deadline - clock.now, .milliseconds(1)), .seconds(2))
            let error = await runBlocking { metadataError(client: client, timeout: attemptTimeout) }
            guard let error else { return .success(()) }
            logger.warning("Kafka broker \(brokers) not reachable (attempt \(attempt)): \(error)")
            guard clock.now + backoff < deadline, !Task.isCancelled else {
                let message = "broker \(brokers) not reachable within \(timeout): \(error.message)"
                return .failure(KafkaError(code: .admin, message: message, rdKafkaCode: error.rdKafkaCode))
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
            attempt += 1
        }
    }

    /// A topic to create, as a Sendable value for the blocking call.
    private struct TopicSpec: Sendable {
        var name: String
        var partitions: Int32
    }

    private static func adminProperties(_ brokers: String, _ connection: [String: String]) -> [(String, String)] {
        // Reconnect quickly while waiting for a broker that is still starting.
        [("bootstrap.servers", brokers), ("reconnect.backoff.max.ms", "1000")]
            + connection.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Sends one metadata request; nil when the broker answered.
    private static func metadataError(client: RdKafkaClient, timeout: Duration) -> KafkaError? {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(client.pointer, 0, nil, &metadata, timeout.rdKafkaMilliseconds)
        if let metadata { rd_kafka_metadata_destroy(metadata) }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            return KafkaError(code: .admin, context: "metadata request", rdKafkaError: error)
        }
        return nil
    }

    /// Runs rd_kafka_CreateTopics and waits for its result event; returns the topics that already existed.
    private static func createTopicsBlocking(
        client: RdKafkaClient,
        topics: [TopicSpec],
        timeout: Duration
    ) -> Result<[String], KafkaError> {
        let handle = client.pointer
        var errorText = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for newTopic in newTopics { rd_kafka_NewTopic_destroy(newTopic) } }
        for topic in topics {
            guard let newTopic = rd_kafka_NewTopic_new(topic.name, topic.partitions, -1, &errorText, errorText.count)
            else {
                return .failure(KafkaError(code: .admin, message: "topic \(topic.name): \(string(from: errorText))"))
            }
            newTopics.append(newTopic)
        }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        // The operation timeout makes the broker wait until the topics are usable before answering.
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.rdKafkaMilliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(
            options, timeout.rdKafkaMilliseconds, &errorText, errorText.count)
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)

        // The request timeout fires first; the extra second only covers librdkafka's own bookkeeping.
        guard let event = rd_kafka_queue_poll(queue, (timeout + .seconds(1)).rdKafkaMilliseconds) else {
            return .failure(KafkaError(code: .admin, message: "CreateTopics got no answer within \(timeout)"))
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let text = String(cString: rd_kafka_event_error_string(event))
            return .failure(
                KafkaError(code: .admin, message: "CreateTopics: \(text)", rdKafkaCode: eventError.rawValue))
        }
        var count = 0
        guard let result = rd_kafka_event_CreateTopics_result(event),
            let results = rd_kafka_CreateTopics_result_topics(result, &count)
        else {
            return .failure(KafkaError(code: .admin, message: "CreateTopics: unexpected result event"))
        }
        var existing: [String] = []
        var failures: [String] = []
        var firstCode: Int32?
        for index in 0..<count {
            let topicResult = results[index]
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let error = rd_kafka_topic_result_error(topicResult)
            switch error {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                continue
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
                existing.append(name)
            default:
                let text = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) }
                failures.append("\(name): \(text ?? String(cString: rd_kafka_err2str(error)))")
                firstCode = firstCode ?? error.rawValue
            }
        }
        guard failures.isEmpty else {
            let message = "CreateTopics failed for \(failures.joined(separator: "; "))"
            return .failure(KafkaError(code: .admin, message: message, rdKafkaCode: firstCode))
        }
        return .success(existing)
    }
}

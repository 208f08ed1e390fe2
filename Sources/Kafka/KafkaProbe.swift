import CRdKafka
import Logging
import Synchronization

/// Asks the cluster whether it answers and which topics it has, for readiness checks: one long-lived handle (so a probe
/// is one metadata round trip on an open connection, not a new client each time).
///
/// Call `close()` when done; the handle is destroyed exactly once, after the last probe returned.
public final class KafkaProbe: Sendable {
    private let client: RdKafkaClient
    /// Probes in flight, and whether `close()` was called: the handle goes when both allow it.
    private let state = Mutex<(inFlight: Int, closed: Bool, destroyed: Bool)>((0, false, false))

    /// Creates the handle; it connects in the background. `connection`: security settings, as for every client.
    public init(brokers: String, connection: [String: String] = [:], logger: Logger) throws(KafkaError) {
        client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER,
            properties: [("bootstrap.servers", brokers), ("reconnect.backoff.max.ms", "1000")]
                + connection.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            logger: logger)
    }

    deinit {
        if !state.withLock({ $0.destroyed }) { client.destroy() }
    }

    /// True when a broker answered a metadata request within `timeout`; false after `close()`.
    public func brokerAnswers(timeout: Duration) async -> Bool {
        await withHandle { client in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let error = rd_kafka_metadata(client.pointer, 0, nil, &metadata, timeout.rdKafkaMilliseconds)
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            return error == RD_KAFKA_RESP_ERR_NO_ERROR
        } ?? false
    }

    /// Runs `body` off the cooperative pool with the handle kept alive; nil after `close()`.
    private func withHandle<Value: Sendable>(_ body: @escaping @Sendable (RdKafkaClient) -> Value) async -> Value? {
        let admitted = state.withLock { state in
            guard !state.closed else { return false }
            state.inFlight += 1
            return true
        }
        guard admitted else { return nil }
        let client = client
        let value = await runBlocking { body(client) }
        let destroyNow = state.withLock { state in
            state.inFlight -= 1
            return state.closed && state.inFlight == 0 && !state.destroyed ? Self.markDestroyed(&state) : false
        }
        if destroyNow { await runBlocking { client.destroy() } }
        return value
    }

    /// Which of `topics` the cluster does not have (or reports with an error), within `timeout`; nil when
    /// no broker answered (or after `close()`).
    public func missingTopics(_ topics: Set<String>, timeout: Duration) async -> Set<String>? {
        await withHandle { client in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let error = rd_kafka_metadata(client.pointer, 1, nil, &metadata, timeout.rdKafkaMilliseconds)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { return nil }
            defer { rd_kafka_metadata_destroy(metadata) }
            var present = Set<String>()
            for index in 0..<Int(metadata.pointee.topic_cnt) {
                let topic = metadata.pointee.topics[index]
                guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR, topic.partition_cnt > 0, let name = topic.topic
                else { continue }
                present.insert(String(cString: name))
            }
            return topics.subtracting(present)
        } ?? nil
    }

    /// Destroys the handle once no probe uses it; later probes answer false.
    public func close() async {
        let destroyNow = state.withLock { state in
            state.closed = true
            return state.inFlight == 0 && !state.destroyed ? Self.markDestroyed(&state) : false
        }
        let client = client
        if destroyNow { await runBlocking { client.destroy() } }
    }

    private static func markDestroyed(_ state: inout (inFlight: Int, closed: Bool, destroyed: Bool)) -> Bool {
        state.destroyed = true
        return true
    }
}

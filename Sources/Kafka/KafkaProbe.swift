import CRdKafka
import Logging
import Synchronization

/// Asks the cluster whether it answers, for readiness checks: one long-lived handle (so a probe
/// is one metadata round trip on an open connection, not a new client each time).
///
/// Call `close()` when done; the handle is destroyed exactly once, after the last probe returned.
public final class KafkaProbe: Sendable {
    private let client: RdKafkaClient
    /// Probes in flight, and whether `close()` was called: the handle goes when both allow it.
    private let state = Mutex<(inFlight: Int, closed: Bool, destroyed: Bool)>((0, false, false))

    /// Creates the handle; it connects in the background.
    public init(brokers: String, logger: Logger) throws(KafkaError) {
        client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER,
            properties: [("bootstrap.servers", brokers), ("reconnect.backoff.max.ms", "1000")],
            logger: logger)
    }

    deinit {
        if !state.withLock({ $0.destroyed }) { client.destroy() }
    }

    /// True when a broker answered a metadata request within `timeout`; false after `close()`.
    public func brokerAnswers(timeout: Duration) async -> Bool {
        let admitted = state.withLock { state in
            guard !state.closed else { return false }
            state.inFlight += 1
            return true
        }
        guard admitted else { return false }
        let client = client
        let answered = await runBlocking {
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let error = rd_kafka_metadata(client.pointer, 0, nil, &metadata, timeout.rdKafkaMilliseconds)
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            return error == RD_KAFKA_RESP_ERR_NO_ERROR
        }
        let destroyNow = state.withLock { state in
            state.inFlight -= 1
            return state.closed && state.inFlight == 0 && !state.destroyed ? Self.markDestroyed(&state) : false
        }
        if destroyNow { await runBlocking { client.destroy() } }
        return answered
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

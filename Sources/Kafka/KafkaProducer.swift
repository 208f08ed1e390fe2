import CRdKafka
import Logging

/// An idempotent producer (`enable.idempotence=true`, `acks=all`) whose sends complete on delivery.
///
/// A dedicated background thread (not the cooperative pool) serves `rd_kafka_poll`, which runs the
/// delivery-report callback and resumes the waiting sender. Call `shutdown(timeout:)` before dropping it.
public final class KafkaProducer: Sendable {
    private let core: ProducerCore

    /// Creates the producer and starts its poll thread; fails on an old librdkafka or a bad property.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        let client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER,
            properties: configuration.librdkafkaProperties,
            logger: logger
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryReportCallback)
        }
        core = ProducerCore(client: client, logger: logger)
        core.startPollThread()
    }

    deinit {
        // The poll thread owns the handle's teardown, so dropping the producer still flushes and frees it.
        core.requestShutdown(timeout: .seconds(5))
    }

    /// Sends one message and returns where it landed once the broker acknowledged it.
    ///
    /// Cancellation does not abandon the message: the call still waits for its delivery report, which
    /// `message.timeout.ms` bounds.
    @discardableResult
    public func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader]
    ) async throws(KafkaError) -> (partition: Int32, offset: Int64) {
        let promise = DeliveryPromise()
        try await enqueue(KafkaOutgoingMessage(topic: topic, key: key, value: value, headers: headers), promise)
        return try await promise.wait().get()
    }

    /// Sends many messages at once and waits for all their delivery reports; results in the same order.
    public func sendBatch(_ messages: [KafkaOutgoingMessage]) async -> [Result<
        (partition: Int32, offset: Int64), KafkaError
    >] {
        // Enqueue everything first so librdkafka can batch, then collect the reports.
        var promises: [Result<DeliveryPromise, KafkaError>] = []
        promises.reserveCapacity(messages.count)
        for message in messages {
            let promise = DeliveryPromise()
            do {
                try await enqueue(message, promise)
                promises.append(.success(promise))
            } catch {
                promises.append(.failure(error))
            }
        }
        var results: [Result<(partition: Int32, offset: Int64), KafkaError>] = []
        results.reserveCapacity(messages.count)
        for promise in promises {
            switch promise {
            case .success(let promise): results.append(await promise.wait())
            case .failure(let error): results.append(.failure(error))
            }
        }
        return results
    }

    /// Flushes outstanding messages (up to timeout), fails the rest, and destroys the handle; idempotent.
    public func shutdown(timeout: Duration) async {
        await core.shutdown(timeout: timeout)
    }

    /// Enqueues, waiting briefly and retrying while librdkafka's local queue is full.
    private func enqueue(_ message: KafkaOutgoingMessage, _ promise: DeliveryPromise) async throws(KafkaError) {
        while true {
            switch core.enqueue(message, promise: promise) {
            case .enqueued:
                return
            case .failed(let error):
                throw error
            case .queueFull:
                // The poll thread drains the queue as reports arrive; give it a moment rather than spin.
                if Task.isCancelled {
                    throw KafkaError(code: .produce, message: "cancelled while the local producer queue was full")
                }
                try? await Task.sleep(for: .milliseconds(2))
            }
        }
    }
}

/// Resolves the message's `DeliveryPromise`, passed as its per-message opaque (`RD_KAFKA_V_OPAQUE`).
private func deliveryReportCallback(
    handle: OpaquePointer?,
    message: UnsafePointer<rd_kafka_message_t>?,
    opaque: UnsafeMutableRawPointer?
) {
    guard let message = message?.pointee, let promiseOpaque = message._private else { return }
    // Balances the retain taken in ProducerCore.produce: each message gets exactly one report.
    let promise = Unmanaged<DeliveryPromise>.fromOpaque(promiseOpaque).takeRetainedValue()
    if message.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        promise.fulfil(.success((partition: message.partition, offset: message.offset)))
    } else {
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
        let error = KafkaError(code: .delivery, context: "delivery to \(topic)", rdKafkaError: message.err)
        promise.fulfil(.failure(error))
    }
}

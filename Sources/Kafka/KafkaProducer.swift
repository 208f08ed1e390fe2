import CRdKafka
import Logging
import Synchronization

/// An idempotent producer (`enable.idempotence=true`, `acks=all`) whose sends complete on delivery.
///
/// A dedicated background thread (not the cooperative pool) serves `rd_kafka_poll`, which runs the
/// delivery-report callback and resumes the waiting sender. Call `shutdown(timeout:)` before dropping it.
///
/// An idempotent producer whose broker lost its state (a broker restarted empty, a topic deleted) either
/// hits a fatal error and refuses every later message, or, against a broker that forgot its producer ids,
/// bumps its epoch and is refused (`UNKNOWN_PRODUCER_ID`) in a loop until every message times out; only
/// a fresh handle, which asks for a new producer id, gets through. So this producer replaces its handle
/// once it is fatal or once a message sent through it timed out undelivered, at the next send or
/// `recoverIfFatal()`. What the old handle still held fails its senders, who hold the truth elsewhere (the
/// relayer and the listener retry from PostgreSQL). During a plain outage this costs a new handle per
/// `message.timeout.ms`, which is cheap.
public final class KafkaProducer: Sendable {
    private let configuration: KafkaProducerConfiguration
    private let logger: Logger
    /// The handle in use, swapped only when it went fatal (retired cores flush and destroy themselves),
    /// and whether `shutdown` began: from then on nothing replaces it.
    private let core: Mutex<(current: ProducerCore, shutDown: Bool)>
    private let replacementCount = Atomic<Int>(0)

    /// Creates the producer and starts its poll thread; fails on an old librdkafka or a bad property.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        core = Mutex((try Self.makeCore(configuration, logger), false))
    }

    private static func makeCore(_ configuration: KafkaProducerConfiguration, _ logger: Logger) throws(KafkaError)
        -> ProducerCore
    {
        let client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER,
            properties: configuration.librdkafkaProperties,
            logger: logger
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryReportCallback)
        }
        let core = ProducerCore(client: client, logger: logger)
        core.startPollThread()
        return core
    }

    deinit {
        // The poll thread owns the handle's teardown, so dropping the producer still flushes and frees it.
        core.withLock { $0.current.requestShutdown(timeout: .seconds(5)) }
    }

    /// True while the handle in use is in a fatal state (until it is replaced).
    public var isFatal: Bool { current.isFatal }

    /// How many times a fatal handle was replaced by a fresh one.
    public var replacements: Int { replacementCount.load(ordering: .relaxed) }

    /// Replaces the handle if it is fatal or stalled (a message timed out undelivered); returns true when
    /// it did. Cheap when it is neither.
    @discardableResult
    public func recoverIfFatal() -> Bool {
        let candidate = current
        let reason: String
        if candidate.isFatal {
            reason = candidate.fatalFailure.map { "\($0.message)" } ?? "fatal error"
        } else if candidate.isStalled {
            reason = "a message timed out undelivered"
        } else {
            return false
        }
        let fresh: ProducerCore
        do {
            fresh = try Self.makeCore(configuration, logger)
        } catch {
            logger.error("Kafka producer: the fatal handle could not be replaced", metadata: ["error": "\(error)"])
            return false
        }
        let retired: ProducerCore? = core.withLock { state in
            // Another caller may have replaced it first, or shutdown begun: then the fresh core is not needed.
            guard state.current === candidate, !state.shutDown else { return nil }
            defer { state.current = fresh }
            return state.current
        }
        guard let retired else {
            fresh.requestShutdown(timeout: .zero)
            return false
        }
        replacementCount.add(1, ordering: .relaxed)
        logger.warning(
            "Kafka producer: replaced an unusable handle; what it still held fails and is retried",
            metadata: ["reason": "\(reason)"])
        // Its queue can never be delivered: fail it at once, so the senders retry on the fresh handle.
        retired.requestShutdown(timeout: .zero)
        return true
    }

    private var current: ProducerCore { core.withLock { $0.current } }

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
        let core = try await enqueue(
            KafkaOutgoingMessage(topic: topic, key: key, value: value, headers: headers), promise)
        let result = await promise.wait()
        Self.noteTimeouts(in: [result], on: core)
        return try result.get()
    }

    /// Sends many messages at once and waits for all their delivery reports; results in the same order.
    public func sendBatch(_ messages: [KafkaOutgoingMessage]) async -> [Result<
        (partition: Int32, offset: Int64), KafkaError
    >] {
        // Enqueue everything first so librdkafka can batch, then collect the reports.
        var promises: [Result<(DeliveryPromise, ProducerCore), KafkaError>] = []
        promises.reserveCapacity(messages.count)
        for message in messages {
            let promise = DeliveryPromise()
            do {
                let core = try await enqueue(message, promise)
                promises.append(.success((promise, core)))
            } catch {
                promises.append(.failure(error))
            }
        }
        var results: [Result<(partition: Int32, offset: Int64), KafkaError>] = []
        results.reserveCapacity(messages.count)
        for promise in promises {
            switch promise {
            case .success(let (promise, core)):
                let result = await promise.wait()
                Self.noteTimeouts(in: [result], on: core)
                results.append(result)
            case .failure(let error): results.append(.failure(error))
            }
        }
        return results
    }

    /// Marks `core` stalled when a delivery timed out, so the next send replaces it (see the type's doc).
    private static func noteTimeouts(
        in results: [Result<(partition: Int32, offset: Int64), KafkaError>], on core: ProducerCore
    ) {
        let timedOut = results.contains { result in
            guard case .failure(let error) = result else { return false }
            return error.code == .delivery && error.rdKafkaCode == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT.rawValue
        }
        if timedOut { core.markStalled() }
    }

    /// Flushes outstanding messages (up to timeout), fails the rest, and destroys the handle; idempotent.
    public func shutdown(timeout: Duration) async {
        let last = core.withLock { state in
            state.shutDown = true
            return state.current
        }
        await last.shutdown(timeout: timeout)
    }

    /// Enqueues, waiting briefly and retrying while librdkafka's local queue is full; returns the handle used.
    private func enqueue(_ message: KafkaOutgoingMessage, _ promise: DeliveryPromise) async throws(KafkaError)
        -> ProducerCore
    {
        recoverIfFatal()
        while true {
            let core = current
            switch core.enqueue(message, promise: promise) {
            case .enqueued:
                return core
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

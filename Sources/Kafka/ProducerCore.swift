import CRdKafka
import Foundation
import Logging
import Synchronization

/// The producer's shared state: the handle, its lifecycle, and the dedicated thread that serves
/// `rd_kafka_poll` (delivery reports) and finally flushes and destroys the handle.
///
/// Every `rd_kafka_produceva` runs while holding `state` in `.running`, and the poll thread leaves
/// `.running` under the same lock before flushing, so no produce call can overlap `rd_kafka_destroy`.
final class ProducerCore: Sendable {
    /// What a single enqueue attempt did.
    enum EnqueueResult {
        case enqueued
        case queueFull
        case failed(KafkaError)
    }

    private enum State {
        case running
        case shuttingDown(timeout: Duration, waiters: [CheckedContinuation<Void, Never>])
        case closed
    }

    private let client: RdKafkaClient
    private let logger: Logger
    private let state = Mutex<State>(.running)
    private let stalled = Atomic<Bool>(false)

    init(client: RdKafkaClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Starts the poll thread; it holds `self` until the handle is destroyed.
    func startPollThread() {
        let thread = Thread { [self] in runPollLoop() }
        thread.name = "kafka-producer-poll"
        thread.start()
    }

    /// Asks the poll thread to flush (up to `timeout`) and destroy the handle; resumes when that is done.
    func shutdown(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyClosed = state.withLock { state in
                switch state {
                case .running:
                    state = .shuttingDown(timeout: timeout, waiters: [continuation])
                    return false
                case .shuttingDown(let firstTimeout, let waiters):
                    state = .shuttingDown(timeout: firstTimeout, waiters: waiters + [continuation])
                    return false
                case .closed:
                    return true
                }
            }
            if alreadyClosed { continuation.resume() }
        }
    }

    /// Starts shutdown without waiting; used when the owner is deinitialised without `shutdown`.
    func requestShutdown(timeout: Duration) {
        state.withLock { state in
            if case .running = state { state = .shuttingDown(timeout: timeout, waiters: []) }
        }
    }

    /// True once librdkafka raised a fatal error on the handle: nothing more will be delivered through
    /// it. False after shutdown (the handle is gone; nothing can be asked of it).
    var isFatal: Bool {
        state.withLock { state in
            guard case .running = state else { return false }
            return client.isFatal
        }
    }

    /// True once a message sent through this handle timed out undelivered: see `KafkaProducer`.
    var isStalled: Bool { stalled.load(ordering: .relaxed) }

    /// Records that a message sent through this handle timed out undelivered.
    func markStalled() { stalled.store(true, ordering: .relaxed) }

    /// librdkafka's account of the fatal error, while the handle is running.
    var fatalFailure: KafkaError? {
        state.withLock { state in
            guard case .running = state else { return nil }
            return client.fatalFailure
        }
    }

    /// Tries once to enqueue `message`; the delivery report will fulfil `promise` iff this returns `.enqueued`.
    func enqueue(_ message: KafkaOutgoingMessage, promise: DeliveryPromise) -> EnqueueResult {
        state.withLock { state in
            guard case .running = state else {
                return .failed(KafkaError(code: .closed, message: "the producer was shut down"))
            }
            return produce(message, promise: promise)
        }
    }

    private func runPollLoop() {
        while true {
            // Returns as soon as a delivery report is served, so the 100 ms only bounds shutdown latency.
            rd_kafka_poll(client.pointer, 100)
            let timeout: Duration? = state.withLock { state in
                if case .shuttingDown(let timeout, _) = state { return timeout }
                return nil
            }
            if let timeout {
                finish(timeout: timeout)
                return
            }
        }
    }

    /// Flushes, fails whatever is left (so no sender waits forever), destroys the handle, resumes waiters.
    private func finish(timeout: Duration) {
        let handle = client.pointer
        if rd_kafka_flush(handle, timeout.rdKafkaMilliseconds) != RD_KAFKA_RESP_ERR_NO_ERROR {
            let pending = rd_kafka_outq_len(handle)
            logger.warning("Kafka producer shutdown: \(pending) messages undelivered after \(timeout); failing them")
            rd_kafka_purge(handle, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
            // Purged messages get delivery reports with _PURGE_* errors; serving them resumes their senders.
            if rd_kafka_flush(handle, 5_000) != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.error("Kafka producer shutdown: \(rd_kafka_outq_len(handle)) messages still queued after purge")
            }
        }
        client.destroy()
        let waiters: [CheckedContinuation<Void, Never>] = state.withLock { state in
            defer { state = .closed }
            if case .shuttingDown(_, let waiters) = state { return waiters }
            return []
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Calls `rd_kafka_produceva`; librdkafka copies key, value and headers, so the buffers need only live
    /// for the call.
    private func produce(_ message: KafkaOutgoingMessage, promise: DeliveryPromise) -> EnqueueResult {
        let opaque = Unmanaged.passRetained(promise)
        let headers = makeHeaders(message.headers)
        let error: OpaquePointer? = message.topic.withCString { topic in
            message.value.withUnsafeBytes { value in
                withOptionalBytes(message.key) { key in
                    var fields: [rd_kafka_vu_t] = []
                    fields.reserveCapacity(6)
                    var field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_TOPIC
                    field.u.cstr = topic
                    fields.append(field)
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_VALUE
                    field.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                    field.u.mem.size = value.count
                    fields.append(field)
                    if let key {
                        field = rd_kafka_vu_t()
                        field.vtype = RD_KAFKA_VTYPE_KEY
                        field.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                        field.u.mem.size = key.count
                        fields.append(field)
                    }
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    field.u.i = RD_KAFKA_MSG_F_COPY
                    fields.append(field)
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_OPAQUE
                    field.u.ptr = opaque.toOpaque()
                    fields.append(field)
                    if let headers {
                        field = rd_kafka_vu_t()
                        field.vtype = RD_KAFKA_VTYPE_HEADERS
                        field.u.headers = headers
                        fields.append(field)
                    }
                    return rd_kafka_produceva(client.pointer, fields, fields.count)
                }
            }
        }
        guard let error else { return .enqueued }
        // On failure nothing was taken over: the headers and the promise's retain are still ours.
        if let headers { rd_kafka_headers_destroy(headers) }
        opaque.release()
        if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL {
            rd_kafka_error_destroy(error)
            return .queueFull
        }
        return .failed(KafkaError(code: .produce, context: "produce to \(message.topic)", consuming: error))
    }

    private func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            header.value.withUnsafeBytes { value in
                _ = rd_kafka_header_add(list, header.key, -1, value.baseAddress, value.count)
            }
        }
        return list
    }
}

/// Calls `body` with the bytes of `bytes`, or with nil when there are none (a null Kafka key).
private func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}

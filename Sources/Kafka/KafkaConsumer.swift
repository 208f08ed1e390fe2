import CRdKafka
import Dispatch
import Logging
import Synchronization

/// A consumer-group member that commits an offset only when the caller says a message is done.
///
/// `enable.auto.commit` and `enable.auto.offset.store` are off. Blocking librdkafka calls run on two
/// private serial dispatch queues, never on the cooperative pool: one for polls and closing (so
/// messages leave in partition order), one for commits (so a commit never waits behind a long poll).
public final class KafkaConsumer: Sendable {
    private enum State {
        case open
        case closing
        case closed
    }

    /// Polls in slices this long so close and cancellation are noticed promptly.
    private static let pollSlice = Duration.milliseconds(100)

    /// How often a poll looks at the assignment for the watchdog.
    private static let assignmentCheckInterval = Duration.seconds(1)

    private let client: RdKafkaClient
    private let logger: Logger
    private let topics: [String]
    private let state = Mutex<State>(.open)
    /// Touched only on `pollQueue`; a Mutex so the class stays Sendable without unchecked claims.
    private let watchdog: Mutex<(watchdog: AssignmentWatchdog, lastCheck: ContinuousClock.Instant)?>
    private let rejoins = Atomic<Int>(0)
    private let pollQueue = DispatchQueue(label: "kafka-consumer-poll")
    private let commitQueue = DispatchQueue(label: "kafka-consumer-commit")

    /// Creates the consumer and subscribes to the configured topics; joining the group happens while polling.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaError) {
        let client = try RdKafkaClient(
            kind: RD_KAFKA_CONSUMER,
            properties: configuration.librdkafkaProperties,
            logger: logger
        )
        // Serve logs, errors and rebalances from rd_kafka_consumer_poll instead of a separate main queue.
        rd_kafka_poll_set_consumer(client.pointer)
        let error = Self.subscribe(client, to: configuration.topics)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            client.destroy()
            throw KafkaError(code: .consume, context: "subscribe to \(configuration.topics)", rdKafkaError: error)
        }
        self.client = client
        self.logger = logger
        self.topics = configuration.topics
        watchdog = Mutex(
            configuration.rejoinWhenUnassignedFor.map { (AssignmentWatchdog(patience: $0), ContinuousClock.now) })
    }

    private static func subscribe(_ client: RdKafkaClient, to topics: [String]) -> rd_kafka_resp_err_t {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: topics.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics {
            // -1 is RD_KAFKA_PARTITION_UA: subscriptions name topics, the group assigns partitions.
            rd_kafka_topic_partition_list_add(list, topic, -1)
        }
        return rd_kafka_subscribe(client.pointer, list)
    }

    /// How many times this member left the group and joined again because it held no partition.
    public var rejoinCount: Int { rejoins.load(ordering: .relaxed) }

    deinit {
        // Queued jobs hold `self`, so none is pending here; leave the group off-thread without waiting.
        if state.withLock({ state in
            guard case .open = state else { return false }
            state = .closed
            return true
        }) {
            let client = client
            pollQueue.async {
                rd_kafka_consumer_close(client.pointer)
                client.destroy()
            }
        }
    }

    /// The next message, or nil when `timeout` passed with none (or the task was cancelled).
    ///
    /// Partition EOF and transient errors are logged and skipped, not returned.
    public func poll(timeout: Duration) async throws(KafkaError) -> KafkaMessage? {
        let cancellation = CancellationFlag()
        let result: Result<KafkaMessage?, KafkaError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                pollQueue.async {
                    continuation.resume(returning: self.pollBlocking(timeout: timeout, cancellation: cancellation))
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// Synchronously commits offset `message.offset + 1` for the message's topic and partition.
    public func commit(_ message: KafkaMessage) async throws(KafkaError) {
        let result: Result<Void, KafkaError> = await withCheckedContinuation { continuation in
            commitQueue.async {
                continuation.resume(returning: self.commitBlocking(message))
            }
        }
        try result.get()
    }

    /// Marks `message` finished (`rd_kafka_offsets_store` of offset + 1), for the periodic commit that
    /// `commitInterval` turns on. Returns false when the partition is no longer assigned to this member:
    /// its new owner resumes from the last committed offset, and the redelivery is deduplicated.
    @discardableResult
    public func store(_ message: KafkaMessage) throws(KafkaError) -> Bool {
        guard isOpen else { throw KafkaError(code: .closed, message: "the consumer was closed") }
        let offsets = rd_kafka_topic_partition_list_new(1)
        defer { rd_kafka_topic_partition_list_destroy(offsets) }
        let entry = rd_kafka_topic_partition_list_add(offsets, message.topic, message.partition)
        entry?.pointee.offset = message.offset + 1
        // Only an in-memory update under librdkafka's locks: no I/O, so it may run on the caller's thread.
        let error = rd_kafka_offsets_store(client.pointer, offsets)
        let partitionError = entry?.pointee.err ?? RD_KAFKA_RESP_ERR_NO_ERROR
        if error == RD_KAFKA_RESP_ERR__STATE || partitionError == RD_KAFKA_RESP_ERR__STATE { return false }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let position = "\(message.topic)[\(message.partition)]@\(message.offset + 1)"
            throw KafkaError(code: .commit, context: "store offset \(position)", rdKafkaError: error)
        }
        return true
    }

    /// Leaves the group (`rd_kafka_consumer_close`) and destroys the handle; idempotent.
    public func close() async {
        state.withLock { state in
            if case .open = state { state = .closing }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Behind any running poll (which sees `.closing` within one slice); later close calls queue
            // behind this one and find `.closed`.
            pollQueue.async {
                let mustClose = self.state.withLock { state in
                    guard case .closing = state else { return false }
                    state = .closed
                    return true
                }
                if mustClose {
                    // A commit that started before `.closing` must finish before the handle goes away.
                    self.commitQueue.sync {}
                    let error = rd_kafka_consumer_close(self.client.pointer)
                    if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                        self.logger.warning("Kafka consumer close: \(String(cString: rd_kafka_err2str(error)))")
                    }
                    self.client.destroy()
                }
                continuation.resume()
            }
        }
    }

    private var isOpen: Bool {
        state.withLock { state in
            if case .open = state { return true }
            return false
        }
    }

    private func pollBlocking(timeout: Duration, cancellation: CancellationFlag) -> Result<KafkaMessage?, KafkaError> {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            guard isOpen else { return .failure(KafkaError(code: .closed, message: "the consumer was closed")) }
            if cancellation.isCancelled { return .success(nil) }
            rejoinIfLongUnassigned(now: clock.now)
            let slice = min(deadline - clock.now, Self.pollSlice)
            if let raw = rd_kafka_consumer_poll(client.pointer, slice.rdKafkaMilliseconds) {
                defer { rd_kafka_message_destroy(raw) }
                let error = raw.pointee.err
                switch error {
                case RD_KAFKA_RESP_ERR_NO_ERROR:
                    return .success(KafkaMessage(copying: raw))
                case RD_KAFKA_RESP_ERR__PARTITION_EOF:
                    break
                case RD_KAFKA_RESP_ERR__FATAL:
                    return .failure(fatalConsumerError())
                default:
                    // Most consumer errors (unknown topic, broker down) are retried by librdkafka itself.
                    logger.warning(
                        "Kafka consume error: \(String(cString: rd_kafka_err2str(error)))",
                        metadata: ["kafka.error": "\(error.rawValue)"]
                    )
                }
            }
            if clock.now >= deadline { return .success(nil) }
        }
    }

    /// At most once per check interval: asks the watchdog whether an empty assignment has lasted too
    /// long, and if so unsubscribes (leaving the group) and subscribes again. Runs on `pollQueue`.
    private func rejoinIfLongUnassigned(now: ContinuousClock.Instant) {
        let patience: Duration? = watchdog.withLock { entry in
            guard var current = entry, now - current.lastCheck >= Self.assignmentCheckInterval else { return nil }
            current.lastCheck = now
            let before = current.watchdog.currentPatience
            let rejoin = assignedPartitionCount().map { current.watchdog.observe(assignedPartitions: $0, at: now) }
            entry = current
            return rejoin == true ? before : nil
        }
        guard let patience else { return }
        logger.warning(
            "Kafka consumer: no partition assigned for \(patience), leaving the group and joining again",
            metadata: ["kafka.topics": "\(topics)"])
        rejoins.add(1, ordering: .relaxed)
        let left = rd_kafka_unsubscribe(client.pointer)
        let joined = Self.subscribe(client, to: topics)
        if left != RD_KAFKA_RESP_ERR_NO_ERROR || joined != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning(
                "Kafka consumer: rejoining failed, librdkafka keeps trying",
                metadata: [
                    "unsubscribe": "\(String(cString: rd_kafka_err2str(left)))",
                    "subscribe": "\(String(cString: rd_kafka_err2str(joined)))",
                ])
        }
    }

    /// Partitions currently assigned to this member; nil when librdkafka cannot say.
    private func assignedPartitionCount() -> Int? {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        guard rd_kafka_assignment(client.pointer, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return nil }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return Int(list.pointee.cnt)
    }

    private func fatalConsumerError() -> KafkaError {
        var text = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(client.pointer, &text, text.count)
        let message = string(from: text)
        return KafkaError(code: .consume, message: "fatal consumer error: \(message)", rdKafkaCode: code.rawValue)
    }

    private func commitBlocking(_ message: KafkaMessage) -> Result<Void, KafkaError> {
        guard isOpen else { return .failure(KafkaError(code: .closed, message: "the consumer was closed")) }
        let offsets = rd_kafka_topic_partition_list_new(1)
        defer { rd_kafka_topic_partition_list_destroy(offsets) }
        // The committed offset is the next one to read, hence + 1.
        rd_kafka_topic_partition_list_add(offsets, message.topic, message.partition)?.pointee.offset =
            message.offset + 1
        let error = rd_kafka_commit(client.pointer, offsets, 0)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let position = "\(message.topic)[\(message.partition)]@\(message.offset + 1)"
            return .failure(KafkaError(code: .commit, context: "commit \(position)", rdKafkaError: error))
        }
        return .success(())
    }
}

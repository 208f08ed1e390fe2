import CRdKafka
import Dispatch
import Logging
import Synchronization

/// A consumer-group member that commits an offset only when the caller says a message is done.
///
/// `enable.auto.commit` and `enable.auto.offset.store` are off. Blocking librdkafka calls run on two
/// private serial dispatch queues, never on the cooperative pool: one for polls and closing (so
/// messages leave in partition order), one for commits (so a commit never waits behind a long poll).
/// It never sends a LeaveGroup (see `ConsumerHandle`): closing, and the watchdog's rejoin, end the
/// member by letting its session expire.
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
    /// How often a poll looks for positions past the end of the log (`PositionPastEnd`): it costs an
    /// OffsetFetch while a partition has delivered nothing since it was assigned.
    private static let pastEndCheckInterval = Duration.seconds(5)

    /// Replaced only by the watchdog's rejoin, on `pollQueue` while `commitQueue` is held; `store`
    /// calls librdkafka under this lock, so no call is ever made on a destroyed handle.
    private let handle: Mutex<RdKafkaClient>
    private let logger: Logger
    private let topics: [String]
    private let properties: [(String, String)]
    private let state = Mutex<State>(.open)
    /// Touched only on `pollQueue`; a Mutex so the class stays Sendable without unchecked claims.
    private let watchdog: Mutex<(watchdog: AssignmentWatchdog, lastCheck: ContinuousClock.Instant)?>
    private let rejoins = Atomic<Int>(0)
    /// When `PositionPastEnd` last ran, and what it suspects; touched only on `pollQueue`.
    private let pastEndCheck = Mutex((last: ContinuousClock.now, suspects: [String: Int64]()))
    private let pollQueue = DispatchQueue(label: "kafka-consumer-poll")
    private let commitQueue = DispatchQueue(label: "kafka-consumer-commit")

    /// Creates the consumer and subscribes to the configured topics; joining the group happens while polling.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaError) {
        properties = configuration.librdkafkaProperties
        topics = configuration.topics
        handle = Mutex(try ConsumerHandle.subscribed(properties: properties, topics: topics, logger: logger))
        self.logger = logger
        watchdog = Mutex(
            configuration.rejoinWhenUnassignedFor.map { (AssignmentWatchdog(patience: $0), ContinuousClock.now) })
    }

    /// The current handle; on `pollQueue` and `commitQueue` it stays valid for the whole job.
    private var client: RdKafkaClient { handle.withLock { $0 } }

    /// How many times this member joined again as a new member because it held no partition.
    public var rejoinCount: Int { rejoins.load(ordering: .relaxed) }

    deinit {
        // Queued jobs hold `self`, so none is pending here; retire the handle off-thread without waiting.
        if state.withLock({ state in
            guard case .open = state else { return false }
            state = .closed
            return true
        }) {
            let client = client
            let logger = logger
            pollQueue.async { ConsumerHandle.retire(client, logger: logger) }
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
    ///
    /// Returns false when the group no longer counts this member as the partition's owner (unknown member,
    /// stale generation, rebalance under way): the offset must not move then, above all not by a retry
    /// after this member rejoined. A broker restarted empty forgets the group, and Tansu accepts a commit
    /// from a rejoining member, so a retried old commit would set an offset past the end of the new, empty
    /// topic and the member would wait there for ever. The partition's next owner resumes from the last
    /// committed offset; the redelivery is deduplicated.
    @discardableResult
    public func commit(_ message: KafkaMessage) async throws(KafkaError) -> Bool {
        let result: Result<Bool, KafkaError> = await withCheckedContinuation { continuation in
            commitQueue.async {
                continuation.resume(returning: self.commitBlocking(message))
            }
        }
        return try result.get()
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
        let error = handle.withLock { client in rd_kafka_offsets_store(client.pointer, offsets) }
        let partitionError = entry?.pointee.err ?? RD_KAFKA_RESP_ERR_NO_ERROR
        if error == RD_KAFKA_RESP_ERR__STATE || partitionError == RD_KAFKA_RESP_ERR__STATE { return false }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let position = "\(message.topic)[\(message.partition)]@\(message.offset + 1)"
            throw KafkaError(code: .commit, context: "store offset \(position)", rdKafkaError: error)
        }
        return true
    }

    /// Commits the stored offsets and destroys the handle without a LeaveGroup; idempotent.
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
                    ConsumerHandle.retire(self.client, logger: self.logger)
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
            resetPositionsPastEndIfDue(now: clock.now)
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
    /// long, and if so joins again as a new member. Runs on `pollQueue`.
    ///
    /// Not `rd_kafka_unsubscribe` and `rd_kafka_subscribe`: unsubscribing sends a LeaveGroup (see
    /// `ConsumerHandle`), and subscribing again to the same topics alone does not rejoin. The old
    /// member expires after the session timeout, and the group rebalances with the new one.
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
            "Kafka consumer: no partition assigned for \(patience), joining again as a new member",
            metadata: ["kafka.topics": "\(topics)"])
        let fresh: RdKafkaClient
        do {
            fresh = try ConsumerHandle.subscribed(properties: properties, topics: topics, logger: logger)
        } catch {
            logger.warning(
                "Kafka consumer: rejoining failed, the current member stays", metadata: ["error": "\(error)"])
            return
        }
        rejoins.add(1, ordering: .relaxed)
        // No commit may run on the old handle while it is swapped out and destroyed.
        let retired = commitQueue.sync {
            handle.withLock { current in
                defer { current = fresh }
                return current
            }
        }
        ConsumerHandle.retire(retired, logger: logger)
    }

    /// At most once per check interval, see `PositionPastEnd`. Runs on `pollQueue`.
    private func resetPositionsPastEndIfDue(now: ContinuousClock.Instant) {
        pastEndCheck.withLock { check in
            guard now - check.last >= Self.pastEndCheckInterval else { return }
            check.last = now
            PositionPastEnd.reset(client, suspects: &check.suspects, logger: logger)
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

    private static let lostMembershipErrors: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION,
        RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID,
    ]

    private func commitBlocking(_ message: KafkaMessage) -> Result<Bool, KafkaError> {
        guard isOpen else { return .failure(KafkaError(code: .closed, message: "the consumer was closed")) }
        let offsets = rd_kafka_topic_partition_list_new(1)
        defer { rd_kafka_topic_partition_list_destroy(offsets) }
        // The committed offset is the next one to read, hence + 1.
        rd_kafka_topic_partition_list_add(offsets, message.topic, message.partition)?.pointee.offset =
            message.offset + 1
        let error = rd_kafka_commit(client.pointer, offsets, 0)
        if Self.lostMembershipErrors.contains(error) { return .success(false) }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let position = "\(message.topic)[\(message.partition)]@\(message.offset + 1)"
            return .failure(KafkaError(code: .commit, context: "commit \(position)", rdKafkaError: error))
        }
        return .success(true)
    }
}

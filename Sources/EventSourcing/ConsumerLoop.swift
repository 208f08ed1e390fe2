import Logging
import Metrics
import ServiceLifecycle

/// Hands messages to `process` and acknowledges each only after its effect committed.
///
/// Each partition gets a lane: messages of one partition are processed one at a time, in order
/// (keys are aggregate ids, so per-aggregate order holds), while lanes of different partitions run
/// concurrently. A failing `process` is an infrastructure failure: the lane retries the same
/// message with backoff until it succeeds, so nothing is skipped. At most `maxInFlight` messages
/// are received but unfinished. On graceful shutdown polling stops, the lanes finish what they
/// hold, and only then does the consumer leave the group.
///
/// With `run(batches:)` a lane hands over every message of its partition that is already waiting
/// (at most `maxBatch`) in one call, so a consumer that fell behind pays one transaction for many
/// messages; a lane that keeps up still gets them one by one, without waiting to fill a batch.
public struct ConsumerLoop: Sendable {
    private let name: String
    private let consumer: any MessageConsumer
    private let logger: Logger
    private let pollTimeout: Duration
    private let maxInFlight: Int
    private let maxBatch: Int
    /// Told of every poll and every finished message, so readiness sees a wedged loop.
    public let heartbeat: Heartbeat

    /// The histogram of how many messages each batch held.
    public static let batchSizeMetric = "financing_consumer_batch_messages"

    public init(
        name: String, consumer: any MessageConsumer, pollTimeout: Duration = .milliseconds(200),
        maxInFlight: Int = 256, maxBatch: Int = 64, heartbeat: Heartbeat? = nil, logger: Logger
    ) {
        self.name = name
        self.heartbeat = heartbeat ?? Heartbeat(name: name)
        self.consumer = consumer
        self.pollTimeout = pollTimeout
        self.maxInFlight = maxInFlight
        self.maxBatch = max(1, maxBatch)
        self.logger = logger
    }

    /// Runs until graceful shutdown or cancellation, processing and acknowledging each message on its own.
    public func run(_ process: @escaping @Sendable (IncomingMessage) async throws -> Void) async {
        await run(.each(process))
    }

    /// Runs until graceful shutdown or cancellation, handing `process` a partition's waiting messages
    /// together, in offset order. `process` must make their effects durable together (or not at all),
    /// since the batch is acknowledged as a whole and retried as a whole.
    public func run(batches process: @escaping @Sendable ([IncomingMessage]) async throws -> Void) async {
        await run(.batch(process))
    }

    private func run(_ work: LaneWork) async {
        let inFlight = InFlightCount()
        await withTaskGroup(of: Void.self) { lanes in
            var laneInputs: [PartitionLane: LaneQueue] = [:]
            var backoff = Backoff()
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                heartbeat.turned()
                // A full window means the lanes are behind (or the database is down): stop reading ahead.
                if inFlight.value >= maxInFlight {
                    try? await Task.sleep(for: .milliseconds(1))
                    continue
                }
                let message: IncomingMessage
                do {
                    guard let next = try await consumer.next(timeout: pollTimeout) else { continue }
                    message = next
                    backoff.reset()
                } catch {
                    logger.warning("\(name): receiving failed, pausing", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: backoff.next())
                    continue
                }
                inFlight.increment()
                heartbeat.took()
                let lane = PartitionLane(message)
                if let input = laneInputs[lane] {
                    input.append(message)
                } else {
                    let input = LaneQueue()
                    laneInputs[lane] = input
                    input.append(message)
                    lanes.addTask { await drain(input, work, inFlight) }
                }
            }
            for input in laneInputs.values { input.finish() }
            await lanes.waitForAll()
        }
        await consumer.close()
        logger.info("\(name): stopped consuming")
    }

    /// One lane: its partition's messages in order, each processed then acknowledged (alone or as a batch).
    private func drain(_ messages: LaneQueue, _ work: LaneWork, _ inFlight: InFlightCount) async {
        var backoff = Backoff()
        let limit = if case .batch = work { maxBatch } else { 1 }
        while let taken = await messages.take(upTo: limit) {
            defer {
                inFlight.decrement(by: taken.count)
                heartbeat.finished(taken.count)
            }
            guard !Task.isCancelled, let last = taken.last else { continue }
            switch work {
            case .each(let process):
                await complete(last, &backoff) { try await process(last) }
            case .batch(let process):
                Recorder(label: Self.batchSizeMetric, dimensions: [("consumer", name)]).record(taken.count)
                await complete(last, &backoff) { try await process(taken) }
            }
        }
    }

    /// Makes `effect` durable, then acknowledges `message` (the last one the effect covers).
    private func complete(
        _ message: IncomingMessage, _ backoff: inout Backoff, _ effect: () async throws -> Void
    ) async {
        #if CHAOS_CONTROL_EARLY_ACK  // a negative control of scripts/chaos: the offset moves first
            await retrying("acknowledging", message, &backoff) { try await consumer.acknowledge(message) }
            Failpoint.hit("\(name).after-commit-before-ack")
            await retrying("processing", message, &backoff, effect)
        #else
            await retrying("processing", message, &backoff, effect)
            Failpoint.hit("\(name).after-commit-before-ack")
            await retrying("acknowledging", message, &backoff) { try await consumer.acknowledge(message) }
        #endif
        backoff.reset()
    }

    /// Retries until success; gives up only on cancellation (a crash-equivalent: the message
    /// was not acknowledged, so it is redelivered and deduplicated).
    private func retrying(
        _ what: String, _ message: IncomingMessage, _ backoff: inout Backoff, _ body: () async throws -> Void
    ) async {
        while !Task.isCancelled {
            do {
                try await body()
                return
            } catch {
                let pause = backoff.next()
                logger.warning(
                    "\(name): \(what) failed, retrying",
                    metadata: [
                        "location": "\(message.location)", "message_id": "\(message.messageID?.uuidString ?? "-")",
                        "error": "\(error)", "retry_in": "\(pause)",
                    ])
                try? await Task.sleep(for: pause)
            }
        }
    }
}

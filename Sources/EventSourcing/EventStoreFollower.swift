import Logging
import ServiceLifecycle

/// Follows the event store in commit order and hands each batch of events to `process`, saving its
/// position only after `process` made their effects durable. The saga's policies and the projections
/// run on it: what PostgreSQL committed reaches them whatever the bus lost, repeated or reordered.
///
/// One instance per follower name is active (the leader lock); standbys take over within an interval
/// of the lock being released. It wakes on `signal` (NOTIFY at commit) or every `interval`. A failing
/// `process` is retried with backoff, never skipped: `process` parks what can never succeed itself.
public struct EventStoreFollower: Service {
    private let name: String
    private let feed: any EventFeed
    private let checkpoints: any CheckpointStore
    private let lock: any LeaderLock
    private let signal: any OutboxSignal
    private let interval: Duration
    private let batchSize: Int
    private let process: @Sendable ([RecordedEvent]) async throws -> Void
    /// Told of every turn and batch, so readiness sees a wedged follower.
    public let heartbeat: Heartbeat
    private let logger: Logger

    public init(
        name: String, feed: any EventFeed, checkpoints: any CheckpointStore, lock: any LeaderLock,
        signal: any OutboxSignal = PollingInterval(), interval: Duration = .milliseconds(100), batchSize: Int = 500,
        logger: Logger, process: @escaping @Sendable ([RecordedEvent]) async throws -> Void
    ) {
        self.name = name
        self.feed = feed
        self.checkpoints = checkpoints
        self.lock = lock
        self.signal = signal
        self.interval = interval
        self.batchSize = batchSize
        self.process = process
        self.heartbeat = Heartbeat(name: name)
        self.logger = logger
    }

    public func run() async throws {
        var backoff = Backoff()
        var position: FeedPosition?
        var standingBy = false
        // How many events the batch being processed holds (0 between batches), for the heartbeat.
        var held = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            heartbeat.turned()
            if position == nil {
                guard await lock.tryAcquire() else {
                    if !standingBy { logger.info("\(name): standing by, another instance follows the event store") }
                    standingBy = true
                    await pause(interval)
                    continue
                }
                standingBy = false
                do {
                    let checkpoint = try await checkpoints.position(of: name)
                    position = checkpoint
                    logger.info("\(name): following the event store", metadata: ["from": "\(checkpoint)"])
                } catch {
                    logger.warning("\(name): checkpoint unreadable, retrying", metadata: ["error": "\(error)"])
                    await lock.release()
                    await pause(backoff.next())
                    continue
                }
            }
            guard let from = position else { continue }
            do {
                let page = try await feed.events(after: from, limit: batchSize)
                guard let last = page.last else {
                    await signal.wait(upTo: interval)
                    continue
                }
                // Taken once however often it is retried: a batch that keeps failing shows as wedged.
                if held == 0 {
                    held = page.count
                    heartbeat.took(held)
                }
                try await process(page.map(\.event))
                try await checkpoints.save(last.position, for: name)
                position = last.position
                heartbeat.finished(held)
                held = 0
                backoff.reset()
            } catch {
                let pause = backoff.next()
                logger.warning(
                    "\(name): following paused",
                    metadata: ["error": "\(error)", "at": "\(from)", "retry_in": "\(pause)"])
                await self.pause(pause)
                if !(await lock.isHeld()) {
                    logger.warning("\(name): leader lock lost, standing by")
                    heartbeat.finished(held)
                    held = 0
                    position = nil
                }
            }
        }
        await lock.release()
        await signal.close()
        logger.info("\(name): stopped")
    }

    private func pause(_ duration: Duration) async {
        try? await Task.sleep(for: duration)
    }
}

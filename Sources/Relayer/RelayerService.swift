import EventSourcing
import FinancingMessages
import Foundation
import Logging
import ServiceLifecycle

/// Moves committed events from the outbox to `financing.events`, in commit order, and marks them
/// published only after the broker acknowledged them (at-least-once; consumers deduplicate).
///
/// The active instance wakes on `signal` (NOTIFY on commit) or after `interval`, whichever is first,
/// so publication latency is not bounded by the poll interval. Only the instance holding the leader
/// lock publishes; standbys retry the lock every interval, so one takes over within an interval of
/// the active instance's lock being released.
public struct RelayerService: Service {
    private let outbox: any Outbox
    private let publisher: any MessagePublisher
    private let lock: any LeaderLock
    private let signal: any OutboxSignal
    private let interval: Duration
    private let batchSize: Int
    private let metrics: RelayerMetrics
    private let logger: Logger

    public init(
        outbox: any Outbox, publisher: any MessagePublisher, lock: any LeaderLock,
        signal: any OutboxSignal = PollingInterval(), interval: Duration = .milliseconds(100),
        batchSize: Int = 500, metrics: RelayerMetrics = RelayerMetrics(), logger: Logger
    ) {
        self.outbox = outbox
        self.publisher = publisher
        self.lock = lock
        self.signal = signal
        self.interval = interval
        self.batchSize = batchSize
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        var leading = false
        var standingBy = false
        var backoff = Backoff()
        var backlogMeasured = ContinuousClock.now - .seconds(1)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if !leading {
                leading = await lock.tryAcquire()
                if leading {
                    metrics.role(leading: true, since: Date())
                    logger.info("relayer: now the active instance")
                    standingBy = false
                } else {
                    if !standingBy {
                        metrics.role(leading: false, since: Date())
                        logger.info("relayer: standing by, another instance holds the leader lock")
                        standingBy = true
                    }
                    await pause(interval)
                    continue
                }
            }
            do {
                // NOTIFY wakes the relayer on every commit: count the backlog at most once a second.
                if backlogMeasured.duration(to: .now) >= .seconds(1) {
                    await measureBacklog()
                    backlogMeasured = .now
                }
                let published = try await relayOnce()
                backoff.reset()
                // A full batch means more are waiting: go on at once instead of waiting a tick.
                if published < batchSize { await signal.wait(upTo: interval) }
            } catch {
                logger.warning("relayer: publishing paused", metadata: ["error": "\(error)"])
                await pause(backoff.next())
                if !(await lock.isHeld()) {
                    logger.warning("relayer: leader lock lost, standing by")
                    metrics.role(leading: false, since: Date())
                    leading = false
                }
            }
        }
        await lock.release()
        await signal.close()
        logger.info("relayer: stopped")
    }

    /// Publishes one batch; returns how many events it published.
    func relayOnce() async throws -> Int {
        // Re-checked before each publish so a relayer that lost the lock stops writing to the bus. The check and
        // the read use different sessions, so they overlap: one round trip less between a commit and its publish.
        let clock = ContinuousClock()
        let start = clock.now
        async let held = lock.isHeld()
        let events = try await outbox.unpublished(limit: batchSize)
        guard !events.isEmpty else { return 0 }
        guard await held else { throw MessagingError("leader lock is no longer held") }
        let read = clock.now
        try await publisher.publish(events.map(OutgoingMessage.event))
        let acknowledged = clock.now
        Failpoint.hit("relayer.after-publish-before-mark")
        try await outbox.markPublished(events)
        metrics.published(events.count)
        metrics.step("read", took: read - start)
        metrics.step("publish", took: acknowledged - read)
        metrics.step("mark", took: clock.now - acknowledged)
        logger.debug(
            "relayer: published",
            metadata: ["count": "\(events.count)", "last_position": "\(events.last?.position ?? 0)"])
        return events.count
    }

    /// Feeds the relay-lag gauges; a failed count only leaves them as they were (publishing will
    /// report the outage).
    private func measureBacklog() async {
        do {
            metrics.backlog(try await outbox.backlog())
        } catch {
            logger.debug("relayer: backlog not measured", metadata: ["error": "\(error)"])
        }
    }

    private func pause(_ duration: Duration) async {
        try? await Task.sleep(for: duration)
    }
}

import EventSourcing
import FinancingMessages
import Foundation
import Logging
import ServiceLifecycle

/// Moves committed events from the outbox to `financing.events`, in commit order, and marks them
/// published only after the broker acknowledged them (at-least-once; consumers deduplicate). Up to
/// `pipelineDepth` relays are in flight at once (see `RelayPipeline`).
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
    private let pipelineDepth: Int
    private let metrics: RelayerMetrics
    private let logger: Logger

    public init(
        outbox: any Outbox, publisher: any MessagePublisher, lock: any LeaderLock,
        signal: any OutboxSignal = PollingInterval(), interval: Duration = .milliseconds(100),
        batchSize: Int = 500, pipelineDepth: Int = 1, metrics: RelayerMetrics = RelayerMetrics(), logger: Logger
    ) {
        precondition(pipelineDepth >= 1, "the relay pipeline needs room for one relay")
        self.outbox = outbox
        self.publisher = publisher
        self.lock = lock
        self.signal = signal
        self.interval = interval
        self.batchSize = batchSize
        self.pipelineDepth = pipelineDepth
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let pipeline = RelayPipeline(
            outbox: outbox, publisher: publisher, lock: lock, signal: signal, interval: interval,
            batchSize: batchSize, depth: pipelineDepth, metrics: metrics, logger: logger)
        var leading = false
        var standingBy = false
        var backoff = Backoff()
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
                try await pipeline.run()
            } catch {
                if error.relayedAny { backoff.reset() }
                logger.warning("relayer: publishing paused", metadata: ["error": "\(error.cause)"])
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

    private func pause(_ duration: Duration) async {
        try? await Task.sleep(for: duration)
    }
}

import EventSourcing
import FinancingMessages
import Foundation
import Logging
import ServiceLifecycle

/// Puts on the bus what PostgreSQL holds and the bus may have lost, or never had: accepted commands
/// with no outcome long after they were enqueued (a broker that restarted empty lost them), and the
/// dead letters parked in the event store, copied to their `<topic>.dlq`.
///
/// One active instance (its leader lock); it sweeps every `interval`. A command is put on the bus
/// again `after` its last enqueue, then after twice and four times that: the handler deduplicates by
/// the command id, so a command that was only slow costs a duplicate delivery, never a second effect.
/// `after` zero turns command redelivery off (the chaos harness's negative control does).
public struct Redelivery: Service {
    private let commands: any PendingCommands
    private let deadLetters: any DeadLetterStore
    private let publisher: any MessagePublisher
    private let lock: any LeaderLock
    private let interval: Duration
    private let after: Duration
    private let metrics: RedeliveryMetrics
    private let logger: Logger

    public init(
        commands: any PendingCommands, deadLetters: any DeadLetterStore, publisher: any MessagePublisher,
        lock: any LeaderLock, interval: Duration = .seconds(1), after: Duration = .seconds(10),
        metrics: RedeliveryMetrics = RedeliveryMetrics(), logger: Logger
    ) {
        self.commands = commands
        self.deadLetters = deadLetters
        self.publisher = publisher
        self.lock = lock
        self.interval = interval
        self.after = after
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        var leading = false
        var backoff = Backoff(initial: interval, maximum: .seconds(10))
        // Every command accepted since then has an outcome, or was pending at the last sweep.
        var since = Date(timeIntervalSince1970: 0)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if !leading {
                leading = await lock.tryAcquire()
                if leading { logger.info("redelivery: now the active instance") }
                if !leading {
                    try? await Task.sleep(for: interval)
                    continue
                }
                since = Date(timeIntervalSince1970: 0)
            }
            do {
                try await relayDeadLetters()
                if after > .zero { since = try await redeliverCommands(since: since) }
                backoff.reset()
                try? await Task.sleep(for: interval)
            } catch {
                let pause = backoff.next()
                logger.warning(
                    "redelivery: sweep failed, retrying", metadata: ["error": "\(error)", "retry_in": "\(pause)"])
                try? await Task.sleep(for: pause)
                if !(await lock.isHeld()) { leading = false }
            }
        }
        await lock.release()
        logger.info("redelivery: stopped")
    }

    /// Enqueues again the pending commands that are due; returns where the next sweep starts.
    func redeliverCommands(since: Date) async throws -> Date {
        let now = try await commands.now()
        let pending = try await commands.awaitingOutcome(since: since, limit: 1_000)
        metrics.pending(pending.count)
        let due = pending.filter { pending in
            let last = pending.lastRedeliveredAt ?? pending.acceptedAt
            let wait = after * (1 << min(pending.redeliveries, 2))
            return now.timeIntervalSince(last) >= wait.seconds
        }
        if !due.isEmpty {
            try await publisher.publish(due.map { OutgoingMessage.command($0.command) })
            try await commands.markRedelivered(due.map(\.command.commandID))
            metrics.redelivered(due.count)
            logger.warning(
                "redelivery: commands without an outcome put on the bus again",
                metadata: [
                    "count": "\(due.count)",
                    "command_ids": "\(due.prefix(10).map { $0.command.commandID.uuidString.lowercased() })",
                ])
        }
        // A command accepted a moment ago may still commit with an older accepted_at: keep a margin.
        return pending.first?.acceptedAt ?? now.addingTimeInterval(-10)
    }

    /// Copies parked dead letters to their dead-letter topic. A letter too large for the broker goes
    /// without its payload (the event store keeps it), with a header saying so.
    func relayDeadLetters() async throws {
        let letters = try await deadLetters.unpublishedLetters(limit: 100)
        guard !letters.isEmpty else { return }
        for parked in letters {
            let letter = parked.letter
            do {
                try await publisher.publish([OutgoingMessage.deadLetter(letter)])
            } catch {
                guard error.tooLarge else { throw error }
                try await publisher.publish([OutgoingMessage.deadLetter(letter, payloadOmitted: true)])
            }
        }
        try await deadLetters.markLettersPublished(letters.map(\.id))
        metrics.deadLettersRelayed(letters.count)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

import EventSourcing
import FinancingMessages
import Logging
import ServiceLifecycle

/// The active relayer's work: read the outbox, publish, mark published, with up to `depth` relays in
/// flight, so that events committed while a relay awaits the broker's acknowledgement go out at once
/// instead of waiting for it.
///
/// Each relay is marked only after the broker acknowledged all of it (at-least-once), and the next read
/// leaves out what is in flight by position (see `InFlightRelays` for why by aggregate too). Depth 1 is
/// the plain read → publish → mark loop.
struct RelayPipeline {
    let outbox: any Outbox
    let publisher: any MessagePublisher
    let lock: any LeaderLock
    let signal: any OutboxSignal
    let interval: Duration
    let batchSize: Int
    let depth: Int
    let metrics: RelayerMetrics
    let logger: Logger

    private enum Step: Sendable {
        case woke
        case relayed([RecordedEvent])
        case failed([RecordedEvent], any Error)
    }

    /// Why relaying stopped before shutdown, and whether any relay had succeeded since it started (which
    /// ends an outage as far as backing off is concerned).
    struct Interrupted: Error {
        let cause: any Error
        let relayedAny: Bool
    }

    /// Relays until shutdown or the first failure. Either way it returns only once every relay in flight
    /// has finished, so no publish outlives it; then it throws the failure, if any.
    func run() async throws(Interrupted) {
        let (failure, relayedAny) = await withTaskGroup(of: Step.self) { group in
            var inFlight = InFlightRelays()
            var waiting = false
            var failure: (any Error)?
            var relayedAny = false
            var backlogMeasured = ContinuousClock.now - .seconds(1)
            while true {
                let stopping = failure != nil || Task.isShuttingDownGracefully || Task.isCancelled
                if stopping && inFlight.isEmpty && !waiting { break }
                if !stopping && inFlight.count < depth {
                    // NOTIFY wakes the relayer on every commit: count the backlog at most once a second.
                    if backlogMeasured.duration(to: .now) >= .seconds(1) {
                        await measureBacklog()
                        backlogMeasured = .now
                    }
                    do {
                        let relay = try await read(excluding: inFlight)
                        if !relay.events.isEmpty {
                            inFlight.add(relay.events)
                            group.addTask { await publishAndMark(relay) }
                            continue
                        }
                    } catch {
                        failure = error
                        continue
                    }
                }
                // Nothing to read, or enough in flight: wait for a commit, the interval, or a relay to finish.
                if !stopping && !waiting {
                    group.addTask {
                        await signal.wait(upTo: interval)
                        return .woke
                    }
                    waiting = true
                }
                switch await group.next() {
                case .woke: waiting = false
                case .relayed(let events):
                    inFlight.remove(events)
                    relayedAny = true
                case .failed(let events, let error):
                    inFlight.remove(events)
                    failure = failure ?? error
                case nil: return (failure, relayedAny)
                }
            }
            return (failure, relayedAny)
        }
        if let failure { throw Interrupted(cause: failure, relayedAny: relayedAny) }
    }

    private struct Relay: Sendable {
        let events: [RecordedEvent]
        let started: ContinuousClock.Instant
        let read: ContinuousClock.Instant
    }

    /// The next relay: unpublished events not in flight, of aggregates not in flight.
    private func read(excluding inFlight: InFlightRelays) async throws -> Relay {
        // Re-checked before each publish so a relayer that lost the lock stops writing to the bus. The check and
        // the read use different sessions, so they overlap: one round trip less between a commit and its publish.
        let started = ContinuousClock.now
        async let held = lock.isHeld()
        let events = inFlight.publishable(try await outbox.unpublished(limit: batchSize, excluding: inFlight.positions))
        guard !events.isEmpty else { return Relay(events: [], started: started, read: started) }
        guard await held else { throw MessagingError("leader lock is no longer held") }
        return Relay(events: events, started: started, read: .now)
    }

    private func publishAndMark(_ relay: Relay) async -> Step {
        do {
            try await publisher.publish(relay.events.map(OutgoingMessage.event))
            let acknowledged = ContinuousClock.now
            Failpoint.hit("relayer.after-publish-before-mark")
            try await outbox.markPublished(relay.events)
            metrics.published(relay.events.count)
            metrics.step("read", took: relay.read - relay.started)
            metrics.step("publish", took: acknowledged - relay.read)
            metrics.step("mark", took: .now - acknowledged)
            logger.debug(
                "relayer: published",
                metadata: [
                    "count": "\(relay.events.count)", "last_position": "\(relay.events.last?.position ?? 0)",
                ])
            return .relayed(relay.events)
        } catch {
            return .failed(relay.events, error)
        }
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
}

import FinancingDomain
import Logging

import struct Foundation.UUID

/// The load → decide → append loop for one aggregate, generic over any decider.
///
/// Optimistic: it decides on the state it loaded and appends with that version expected; when
/// another writer got in between, it reloads and decides again, with bounded, jittered backoff.
/// With a snapshot policy, loading starts from the newest snapshot and folds only later events.
public struct CommandExecutor: Sendable {
    private let store: any EventStore
    private let snapshots: SnapshotPolicy?
    private let maxAttempts: Int
    private let metrics: CommandExecutorMetrics
    private let logger: Logger

    public init(
        store: any EventStore, snapshots: SnapshotPolicy? = nil, maxAttempts: Int = 20,
        metrics: CommandExecutorMetrics = CommandExecutorMetrics(), logger: Logger
    ) {
        self.store = store
        self.snapshots = snapshots
        self.maxAttempts = maxAttempts
        self.metrics = metrics
        self.logger = logger
    }

    /// Handles `command` on the aggregate `id` as the effect of message `messageID`.
    ///
    /// A refusal is recorded as the command's outcome (when `commandID` is set) and the message is
    /// marked processed, in one transaction, so a redelivery neither retries nor re-reports it.
    public func execute<D: Decider>(
        _ decider: D.Type, id: UUID, command: D.Command, codec: EventCodec<D.Event>,
        snapshotCodec: SnapshotCodec<D.State>? = nil, messageID: UUID, commandID: UUID? = nil,
        traceparent: String? = nil
    ) async throws(EventStoreError) -> DecisionResult<D.Event, D.Failure> where D.Failure: CustomStringConvertible {
        let stream = StreamID(aggregateType: D.aggregateType, id: id)
        var attempt = 1
        while true {
            let (state, version) = try await load(D.self, stream, codec: codec, snapshotCodec: snapshotCodec)
            let events: [D.Event]
            let result: DecisionResult<D.Event, D.Failure>
            let outcome: CommandOutcome
            do throws(D.Failure) {
                events = try D.decide(command, state)
                result = .committed(events)
                outcome = .succeeded
            } catch {
                events = []
                result = .rejected(error)
                outcome = .rejected(reason: error.description)
            }
            let change = StreamChange(
                messageID: messageID, stream: stream, expectedVersion: version,
                events: events.map { codec.encode(id, $0) },
                commandID: commandID, outcome: outcome, traceparent: traceparent)
            do {
                switch try await store.record(change) {
                case .committed:
                    await snapshotIfDue(D.self, stream, state: state, version: version, events: events, snapshotCodec)
                    return result
                case .duplicate:
                    return .duplicate
                }
            } catch  where error.code == .concurrencyConflict && attempt < maxAttempts {
                logger.debug(
                    "concurrency conflict, deciding again",
                    metadata: ["stream": "\(stream)", "message_id": "\(messageID)", "attempt": "\(attempt)"])
                metrics.concurrencyRetry(aggregateType: D.aggregateType)
                try? await Task.sleep(for: Self.backoff(attempt: attempt))
                attempt += 1
            }
        }
    }

    /// The aggregate's current state and version: from the newest usable snapshot plus the events
    /// after it, or from all events.
    public func load<D: Decider>(
        _ decider: D.Type, _ stream: StreamID, codec: EventCodec<D.Event>, snapshotCodec: SnapshotCodec<D.State>? = nil
    ) async throws(EventStoreError) -> (state: D.State, version: Int) {
        if let snapshots, let snapshotCodec {
            let (snapshot, later) = try await snapshots.store.loadFromLatestSnapshot(
                stream, revision: snapshotCodec.revision)
            guard let snapshot else {
                return (try Self.fold(D.self, later, from: D.initialState, codec: codec), later.last?.version ?? 0)
            }
            if let state = try? snapshotCodec.decode(snapshot.state) {
                return (
                    try Self.fold(D.self, later, from: state, codec: codec), later.last?.version ?? snapshot.version
                )
            }
            // An unreadable snapshot is only a lost cache entry: fold the whole history instead.
        }
        let history = try await store.load(stream)
        return (try Self.fold(D.self, history, from: D.initialState, codec: codec), history.last?.version ?? 0)
    }

    /// Snapshots are a cache: a failure to write one is logged, never fails the command.
    private func snapshotIfDue<D: Decider>(
        _ decider: D.Type, _ stream: StreamID, state: D.State, version: Int, events: [D.Event],
        _ snapshotCodec: SnapshotCodec<D.State>?
    ) async {
        guard let snapshots, let snapshotCodec, snapshots.every > 0, !events.isEmpty else { return }
        let newVersion = version + events.count
        guard newVersion / snapshots.every > version / snapshots.every else { return }
        let newState = events.reduce(state, D.evolve)
        do {
            try await snapshots.store.save(
                Snapshot(stream: stream, version: newVersion, state: snapshotCodec.encode(newState)),
                revision: snapshotCodec.revision)
        } catch {
            logger.warning("snapshot not saved", metadata: ["stream": "\(stream)", "error": "\(error)"])
        }
    }

    private static func fold<D: Decider>(
        _ decider: D.Type, _ history: [RecordedEvent], from initial: D.State, codec: EventCodec<D.Event>
    ) throws(EventStoreError) -> D.State {
        var state = initial
        for recorded in history {
            do {
                state = D.evolve(state, try codec.decode(recorded.type, recorded.payload))
            } catch {
                throw EventStoreError(
                    .corrupt, "event \(recorded.eventID) (\(recorded.type) v\(recorded.version)) unreadable: \(error)",
                    stream: recorded.stream)
            }
        }
        return state
    }

    /// 2 ms doubling to about 250 ms, with jitter so competing writers spread out.
    static func backoff(attempt: Int) -> Duration {
        let base = 2 << min(attempt, 7)
        return .milliseconds(Int.random(in: base / 2...base))
    }
}

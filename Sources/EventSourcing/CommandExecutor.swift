import Logging
import struct Foundation.UUID
import FinancingDomain

/// The load → decide → append loop for one aggregate, generic over any decider.
///
/// Optimistic: it decides on the state it loaded and appends with that version expected; when
/// another writer got in between, it reloads and decides again, with bounded, jittered backoff.
public struct CommandExecutor: Sendable {
    private let store: any EventStore
    private let maxAttempts: Int
    private let logger: Logger

    public init(store: any EventStore, maxAttempts: Int = 20, logger: Logger) {
        self.store = store
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// Handles `command` on the aggregate `id` as the effect of message `messageID`.
    ///
    /// A refusal is recorded as the command's outcome (when `commandID` is set) and the message is
    /// marked processed, in one transaction, so a redelivery neither retries nor re-reports it.
    public func execute<D: Decider>(
        _ decider: D.Type, id: UUID, command: D.Command, codec: EventCodec<D.Event>, messageID: UUID,
        commandID: UUID? = nil, traceparent: String? = nil
    ) async throws(EventStoreError) -> DecisionResult<D.Event, D.Failure> where D.Failure: CustomStringConvertible {
        let stream = StreamID(aggregateType: D.aggregateType, id: id)
        var attempt = 1
        while true {
            let history = try await store.load(stream)
            let state = try Self.fold(D.self, history, codec: codec, stream: stream)
            let version = history.last?.version ?? 0
            let change: StreamChange
            let result: DecisionResult<D.Event, D.Failure>
            do throws(D.Failure) {
                let events = try D.decide(command, state)
                change = StreamChange(
                    messageID: messageID, stream: stream, expectedVersion: version, events: events.map { codec.encode(id, $0) },
                    commandID: commandID, outcome: .succeeded, traceparent: traceparent)
                result = .committed(events)
            } catch {
                change = StreamChange(
                    messageID: messageID, stream: stream, expectedVersion: version, events: [], commandID: commandID,
                    outcome: .rejected(reason: error.description), traceparent: traceparent)
                result = .rejected(error)
            }
            do {
                switch try await store.record(change) {
                case .committed: return result
                case .duplicate: return .duplicate
                }
            } catch where error.code == .concurrencyConflict && attempt < maxAttempts {
                logger.debug(
                    "concurrency conflict, deciding again",
                    metadata: ["stream": "\(stream)", "message_id": "\(messageID)", "attempt": "\(attempt)"])
                try? await Task.sleep(for: Self.backoff(attempt: attempt))
                attempt += 1
            }
        }
    }

    private static func fold<D: Decider>(
        _ decider: D.Type, _ history: [RecordedEvent], codec: EventCodec<D.Event>, stream: StreamID
    ) throws(EventStoreError) -> D.State {
        var state = D.initialState
        for recorded in history {
            do {
                state = D.evolve(state, try codec.decode(recorded.type, recorded.payload))
            } catch {
                throw EventStoreError(
                    .corrupt, "event \(recorded.eventID) (\(recorded.type) v\(recorded.version)) unreadable: \(error)",
                    stream: stream)
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

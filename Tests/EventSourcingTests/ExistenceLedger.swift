import EventSourcing
import Synchronization

/// An event store that knows only which streams exist, counts how often it is asked, and can be told to fail.
/// Every other operation fails: `KnownStreams` must use nothing else.
final class ExistenceLedger: EventStore, Sendable {
    private let state = Mutex<(existing: Set<StreamID>, asked: [StreamID: Int], failing: Bool)>(([], [:], false))

    func create(_ stream: StreamID) { state.withLock { _ = $0.existing.insert(stream) } }
    func failNextAsks(_ failing: Bool) { state.withLock { $0.failing = failing } }
    func asked(_ stream: StreamID) -> Int { state.withLock { $0.asked[stream, default: 0] } }

    func exists(_ stream: StreamID) async throws(EventStoreError) -> Bool {
        try state.withLock { state throws(EventStoreError) in
            state.asked[stream, default: 0] += 1
            if state.failing { throw EventStoreError(.unavailable, "the ledger was told to fail", stream: stream) }
            return state.existing.contains(stream)
        }
    }

    func load(_ stream: StreamID) async throws(EventStoreError) -> [RecordedEvent] { throw Self.unused }
    func record(_ change: StreamChange) async throws(EventStoreError) -> AppendResult { throw Self.unused }
    func record(together changes: [StreamChange]) async throws(EventStoreError) -> [Result<
        AppendResult, EventStoreError
    >] { throw Self.unused }
    func events(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        throw Self.unused
    }

    private static let unused = EventStoreError(.corrupt, "ExistenceLedger answers only exists(_:)")
}

import struct Foundation.UUID

/// The write side's storage port: append-only streams with optimistic concurrency and
/// message deduplication in the same transaction as the effect.
public protocol EventStore: Sendable {
    /// Every event of the stream in version order (empty for a stream that does not exist).
    func load(_ stream: StreamID) async throws(EventStoreError) -> [RecordedEvent]
    /// Whether the stream has any event; used for the existence facts commands carry.
    func exists(_ stream: StreamID) async throws(EventStoreError) -> Bool
    /// Commits the change atomically, or reports a duplicate; throws `.concurrencyConflict` when
    /// the stream moved past `expectedVersion`.
    func record(_ change: StreamChange) async throws(EventStoreError) -> AppendResult
    /// Records changes of different streams in one transaction, in one round trip where the store
    /// can. Throws, with nothing recorded, when the transaction fails as a whole: an append on a
    /// version another writer took (`.concurrencyConflict`), or an infrastructure failure. Otherwise
    /// each change has its own result: committed, duplicate, or the `.concurrencyConflict` of a
    /// rejection decided on a version the stream has moved past (it wrote nothing; the others stand).
    func record(together changes: [StreamChange]) async throws(EventStoreError) -> [Result<
        AppendResult, EventStoreError
    >]
    /// Committed events of every stream after `position`, in position order: for rebuilding
    /// read models. An event whose transaction is still open may appear in a later call.
    func events(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent]
}

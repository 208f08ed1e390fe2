/// Where snapshots are kept. Snapshots are a cache: losing one costs a longer load, never state.
public protocol SnapshotStore: Sendable {
    /// The newest snapshot of the stream written with that codec revision, if any.
    func latestSnapshot(of stream: StreamID, revision: Int) async throws(EventStoreError) -> Snapshot?
    /// Keeps the snapshot unless a newer one is already there.
    func save(_ snapshot: Snapshot, revision: Int) async throws(EventStoreError)
    /// In one read: the newest snapshot of that revision and the stream's events after it, in version
    /// order, or no snapshot and all the events.
    func loadFromLatestSnapshot(_ stream: StreamID, revision: Int) async throws(EventStoreError) -> (
        snapshot: Snapshot?, later: [RecordedEvent]
    )
}

/// How often the executor snapshots which aggregates.
public struct SnapshotPolicy: Sendable {
    public let store: any SnapshotStore
    /// A snapshot is taken each time a stream's version crosses a multiple of this.
    public let every: Int

    public init(store: any SnapshotStore, every: Int) {
        self.store = store
        self.every = every
    }
}

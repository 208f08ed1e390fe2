/// The relayer's view of the event store: committed events not yet published, in commit order.
public protocol Outbox: Sendable {
    /// Up to `limit` unpublished events ordered by position, leaving out the positions in `excluded`
    /// (events already on their way to the broker). Because the flag is per event, an event whose
    /// transaction commits late is still found: there is no "max position seen".
    func unpublished(limit: Int, excluding excluded: Set<Int64>) async throws(EventStoreError) -> [RecordedEvent]
    /// Marks the events published, after the broker acknowledged them.
    func markPublished(_ events: [RecordedEvent]) async throws(EventStoreError)
    /// How many events wait and for how long the oldest has, for the relay-lag gauges.
    func backlog() async throws(EventStoreError) -> OutboxBacklog
}

extension Outbox {
    /// Up to `limit` unpublished events ordered by position.
    public func unpublished(limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await unpublished(limit: limit, excluding: [])
    }
}

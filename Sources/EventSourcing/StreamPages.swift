/// Reads one aggregate's events a page at a time, to show them (the HTTP edge's stream
/// endpoint); deciding never needs it: the handler loads whole streams through `EventStore`.
public protocol StreamPages: Sendable {
    /// At most `limit` events of `stream` with a version above `afterVersion`, in version order.
    func events(of stream: StreamID, afterVersion: Int, limit: Int) async throws(EventStoreError) -> [RecordedEvent]
}

/// The event store read in commit order, for the components that follow it: the saga's policies and
/// the projections. Unlike the bus, it cannot lose, repeat or reorder what it holds.
public protocol EventFeed: Sendable {
    /// Up to `limit` events after `position` in commit order, from transactions that have ended only:
    /// an event not returned yet is never behind a position already returned.
    func events(after position: FeedPosition, limit: Int) async throws(EventStoreError) -> [FeedEvent]
    /// The feed's current end: where a follower that starts now would be caught up.
    func end() async throws(EventStoreError) -> FeedPosition
}

/// One event of the feed, with its place in it.
public struct FeedEvent: Sendable {
    public let event: RecordedEvent
    public let position: FeedPosition

    public init(event: RecordedEvent, position: FeedPosition) {
        self.event = event
        self.position = position
    }
}

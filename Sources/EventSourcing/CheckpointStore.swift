/// Where each follower of the event store has got to. A follower saves its position after the
/// effects of the events before it are durable, so a crash replays at most one batch: the effects
/// are deduplicated (policies, by event id) or guarded by version (projections).
public protocol CheckpointStore: Sendable {
    /// The saved position of `follower`, `.start` when it never saved one.
    func position(of follower: String) async throws(EventStoreError) -> FeedPosition
    /// Saves `position` for `follower`; never moves a checkpoint backwards.
    func save(_ position: FeedPosition, for follower: String) async throws(EventStoreError)
    /// Moves `follower` back to `position` (a rebuild starts over), even backwards.
    func reset(_ follower: String, to position: FeedPosition) async throws(EventStoreError)
}

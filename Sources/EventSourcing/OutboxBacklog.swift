/// How far the relayer is behind: what the outbox holds that the bus has not acknowledged yet.
public struct OutboxBacklog: Sendable, Hashable {
    /// Committed events not yet marked published.
    public let unpublished: Int
    /// How long the oldest of them has waited since its commit; zero when there is none.
    public let oldestAge: Duration

    public init(unpublished: Int, oldestAge: Duration) {
        self.unpublished = unpublished
        self.oldestAge = oldestAge
    }
}

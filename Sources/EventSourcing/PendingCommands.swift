import struct Foundation.Date
import struct Foundation.UUID

/// The accepted commands that have no outcome yet, for the sweep that puts them on the bus again
/// when the bus lost them (the event store keeps every accepted command).
public protocol PendingCommands: Sendable {
    /// Up to `limit` commands accepted at or after `since` that have no outcome, oldest first, each
    /// with when it was accepted and last put on the bus, and how often it was put there again.
    func awaitingOutcome(since: Date, limit: Int) async throws(EventStoreError) -> [PendingCommand]
    /// Records that the commands were put on the bus again now.
    func markRedelivered(_ ids: [UUID]) async throws(EventStoreError)
    /// The database's clock now: every age is measured by the clock that stamped `accepted_at`.
    func now() async throws(EventStoreError) -> Date
}

/// An accepted command still waiting for its outcome.
public struct PendingCommand: Sendable {
    public let command: AcceptedCommand
    public let acceptedAt: Date
    /// When it was last put on the bus again; nil when only the listener enqueued it.
    public let lastRedeliveredAt: Date?
    public let redeliveries: Int

    public init(command: AcceptedCommand, acceptedAt: Date, lastRedeliveredAt: Date?, redeliveries: Int) {
        self.command = command
        self.acceptedAt = acceptedAt
        self.lastRedeliveredAt = lastRedeliveredAt
        self.redeliveries = redeliveries
    }
}

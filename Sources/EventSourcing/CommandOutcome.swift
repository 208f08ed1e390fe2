import struct Foundation.UUID

/// What became of a command, as GetCommandStatus reports it.
public enum CommandOutcome: Sendable, Hashable {
    /// Accepted by the listener, not handled yet.
    case pending
    /// Handled: its events are in the event store.
    case succeeded
    /// Refused by a domain rule; the reason is for people.
    case rejected(reason: String)
}

import struct Foundation.UUID

/// A command's recorded outcome as read from the event store.
struct OutcomeRow: Sendable {
    let commandID: UUID
    let succeeded: Bool
    let reason: String?
    /// `commands.accepted_at` (the listener's insert) and `command_outcomes.completed_at` (the
    /// handler's transaction), both PostgreSQL `now()`: transaction start times.
    let acceptedAtMicros: Int64
    let completedAtMicros: Int64
}

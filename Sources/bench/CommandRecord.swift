import struct Foundation.UUID

/// One command the listener accepted, and what the bench learnt about it afterwards.
struct CommandRecord: Sendable {
    let id: UUID
    let kind: CommandKind
    /// Sent during the load window (setup commands are tracked but not counted).
    let measured: Bool
    /// For a sale: the invoice it puts on sale.
    let sale: Sale?
    /// The bench's clock when the request was sent and when the answer arrived.
    let requestMicros: Int64
    let replyMicros: Int64
    /// From the event store: `commands.accepted_at` and `command_outcomes.completed_at`.
    var acceptedAtMicros: Int64?
    var completedAtMicros: Int64?
    var succeeded: Bool?
    var reason: String?
}

import struct Foundation.UUID

/// The listener's records, as the handler reads them: a command on the bus is acted on only if
/// the listener accepted it, unchanged, from a caller allowed to make it (SPEC §6).
public protocol AcceptedCommands: Sendable {
    /// The command recorded under `commandID`, or nil if the listener never accepted one.
    func accepted(_ commandID: UUID) async throws(EventStoreError) -> AcceptedCommand?
}

import struct Foundation.UUID

/// Where the listener records accepted commands and reads their outcome.
public protocol CommandLog: Sendable {
    /// Records the command as pending and returns it; when its id was recorded before (a retried
    /// request), returns the command first recorded, so the caller can answer the same.
    func accept(_ command: AcceptedCommand) async throws(EventStoreError) -> AcceptedCommand
    /// The outcome so far and the submitter, or nil for a command id never accepted.
    func status(of commandID: UUID) async throws(EventStoreError) -> CommandStatus?
}

extension CommandLog {
    /// The outcome so far, or nil for a command id never accepted.
    public func outcome(of commandID: UUID) async throws(EventStoreError) -> CommandOutcome? {
        try await status(of: commandID)?.outcome
    }
}

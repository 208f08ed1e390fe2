/// Receives messages from the broker as a consumer-group member.
public protocol MessageConsumer: Sendable {
    /// The next message (in order within a partition), or nil when none came within `timeout`.
    func next(timeout: Duration) async throws(MessagingError) -> IncomingMessage?
    /// Says the message is done: its offset may be committed. Call only after its effect committed.
    func acknowledge(_ message: IncomingMessage) async throws(MessagingError)
    /// Leaves the group.
    func close() async
}

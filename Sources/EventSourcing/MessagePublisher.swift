/// Publishes messages to the broker.
public protocol MessagePublisher: Sendable {
    /// Returns once the broker acknowledged every message; throws when any was not.
    func publish(_ messages: [OutgoingMessage]) async throws(MessagingError)
}

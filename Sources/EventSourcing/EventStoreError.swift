/// Why the event store could not do what was asked.
public struct EventStoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, which decides what the caller does next.
    public enum Code: Sendable, Equatable {
        /// Another writer appended to the stream since it was loaded: reload and decide again.
        case concurrencyConflict
        /// The database could not be reached or failed: pause and retry, never skip.
        case unavailable
        /// Stored data could not be read back: a bug or a foreign writer; needs a person.
        case corrupt
        /// The database refused the data itself (a data exception or an integrity violation): the same
        /// message would fail the same way for ever, so it is parked instead of retried.
        case permanent
    }

    public let code: Code
    public let message: String
    public let stream: StreamID?

    public init(_ code: Code, _ message: String, stream: StreamID? = nil) {
        self.code = code
        self.message = message
        self.stream = stream
    }

    public var description: String {
        "\(code): \(message)" + (stream.map { " (stream \($0))" } ?? "")
    }
}

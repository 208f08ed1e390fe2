/// Why the message broker could not do what was asked: always worth a pause and a retry.
public struct MessagingError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Why the message broker could not do what was asked: worth a pause and a retry, unless the
/// message itself can never be carried (`tooLarge`).
public struct MessagingError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// The message exceeds what the broker or client accepts: retrying the same bytes cannot help.
    public let tooLarge: Bool

    public init(_ message: String, tooLarge: Bool = false) {
        self.message = message
        self.tooLarge = tooLarge
    }

    public var description: String { message }
}

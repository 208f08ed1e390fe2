/// Who submitted a command, as the edge authenticated them: recorded with the command, carried
/// as the `actor` header on the messages it causes (an audit trail), and what the handler
/// re-checks before the command moves money.
public struct CommandActor: Sendable, Hashable {
    /// The token's subject: a canonical UUID.
    public let subject: String
    /// The token's role (`investor`, `issuer`, `operator`).
    public let role: String

    public init(subject: String, role: String) {
        self.subject = subject
        self.role = role
    }

    /// The `actor` header's value: `role:subject`.
    public var headerValue: String { "\(role):\(subject)" }

    /// Reads an `actor` header; nil for anything not `role:subject` with both parts present.
    public init?(headerValue: String) {
        let parts = headerValue.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(subject: String(parts[1]), role: String(parts[0]))
    }
}

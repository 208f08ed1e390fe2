/// An authenticated caller: the token's subject (a canonical UUID) and role.
public struct Caller: Sendable, Equatable, Hashable {
    public let subject: String
    public let role: Role

    public init(subject: String, role: Role) {
        self.subject = subject
        self.role = role
    }
}

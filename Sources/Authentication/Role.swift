/// Who a caller is to the service (SPEC §6): the role decides what it may call, the subject
/// whose money it may move.
public enum Role: String, Sendable, Codable, CaseIterable {
    case investor
    case issuer
    case `operator`
}

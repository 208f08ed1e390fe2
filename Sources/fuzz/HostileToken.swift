import GRPCCore

/// A credential that must not get a call through (SPEC §6), and how it must be refused.
struct HostileToken: Sendable {
    let name: String
    /// The exact `authorization` value; nil sends none.
    let header: String?
    let expected: RPCError.Code
}

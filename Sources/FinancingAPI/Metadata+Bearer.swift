import GRPCCore

extension Metadata {
    /// `authorization: Bearer <token>`, as SPEC §6 asks of every call.
    public static func bearer(_ token: String) -> Metadata {
        ["authorization": "Bearer \(token)"]
    }

    /// Whether the call already says who makes it.
    public var hasAuthorization: Bool {
        self[stringValues: "authorization"].contains { _ in true }
    }
}

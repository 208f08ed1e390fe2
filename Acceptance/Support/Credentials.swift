import Authentication
import FinancingAPI
import GRPCCore

/// The tokens the suite calls with, signed with the stack's own key (`FINANCING_AUTH_KEY_FILE`):
/// each party as itself, and one operator for everything a party does not do.
enum Credentials {
    /// The suite's operator: approves, reverses, reads every list and every command's status.
    static let anOperator = Caller(subject: freshID(), role: .operator)

    private static let wallet = Task {
        await AccessTokenWallet(key: try SigningKey.read(from: StackEnvironment.authKeyFile))
    }

    static func token(for caller: Caller) async throws -> String {
        try await wallet.value.token(for: caller)
    }

    /// The metadata of a call made as `caller`.
    static func metadata(as caller: Caller) async throws -> Metadata {
        .bearer(try await token(for: caller))
    }

    static func investor(_ id: String) -> Caller { Caller(subject: id, role: .investor) }
    static func issuer(_ id: String) -> Caller { Caller(subject: id, role: .issuer) }
}

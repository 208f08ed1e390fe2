import Foundation

/// Tokens for callers, each signed once and reused until shortly before it expires: for clients
/// that act as many parties (the acceptance suite, bench, chaos, fuzz) without signing per call.
public actor AccessTokenWallet {
    private let issuer: AccessTokenIssuer
    private let lifetime: Duration
    private var held: [Caller: (token: String, renewAfter: Date)] = [:]

    public init(key: SigningKey, lifetime: Duration = .seconds(3600)) async {
        issuer = await AccessTokenIssuer(key: key)
        self.lifetime = lifetime
    }

    /// A valid token for `caller`.
    public func token(for caller: Caller) async throws -> String {
        let now = Date()
        if let held = held[caller], held.renewAfter > now { return held.token }
        let token = try await issuer.token(for: caller, at: now, lifetime: lifetime)
        // Renewed at half its life: a call in flight never carries a token about to expire.
        let seconds = TimeInterval(lifetime.components.seconds)
        held[caller] = (token, now.addingTimeInterval(seconds / 2))
        return token
    }
}

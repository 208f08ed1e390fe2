import Foundation
import JWTKit

/// Signs access tokens with the service's key: what `financing token` and `populate` print.
public struct AccessTokenIssuer: Sendable {
    private let keys: JWTKeyCollection

    public init(key: SigningKey) async {
        keys = await JWTKeyCollection().add(eddsa: key.privateKey)
    }

    /// A token for `caller`, valid from `now` for `lifetime`.
    public func token(for caller: Caller, at now: Date, lifetime: Duration) async throws -> String {
        // NumericDate may carry fractions; whole seconds are what every reader expects.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let seconds = TimeInterval(lifetime.components.seconds)
        let claims = AccessTokenClaims(
            sub: SubjectClaim(value: caller.subject), role: caller.role.rawValue,
            exp: ExpirationClaim(value: now.addingTimeInterval(seconds)), nbf: NotBeforeClaim(value: now),
            iat: IssuedAtClaim(value: now))
        return try await keys.sign(claims)
    }
}

import Foundation
import JWTKit

/// The claims of SPEC §6. Time claims are checked by `AccessTokenVerifier` against the clock it is
/// given, with a bounded skew, rather than by jwt-kit against the wall clock.
struct AccessTokenClaims: JWTPayload {
    var sub: SubjectClaim
    var role: String
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var iat: IssuedAtClaim?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

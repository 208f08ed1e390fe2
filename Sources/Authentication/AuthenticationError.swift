/// Why a bearer token was refused. The edges answer every case with the same UNAUTHENTICATED
/// and no detail (telling an attacker which check failed helps them); the case goes to the log.
public enum AuthenticationError: Error, Equatable, CustomStringConvertible {
    case missing
    case oversized
    case malformed
    /// Any algorithm but EdDSA, `none` and HMAC included.
    case algorithmRefused
    case badSignature
    case expired
    case notYetValid
    case invalidClaims

    public var description: String {
        switch self {
        case .missing: "no bearer token"
        case .oversized: "token larger than \(AccessTokenVerifier.maximumTokenBytes) bytes"
        case .malformed: "not a JWT"
        case .algorithmRefused: "algorithm other than EdDSA"
        case .badSignature: "signature does not verify"
        case .expired: "expired"
        case .notYetValid: "not valid yet"
        case .invalidClaims: "sub must be a canonical UUID and role one of investor, issuer, operator"
        }
    }
}

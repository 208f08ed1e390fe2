import CanonicalUUID
import Foundation
import JWTKit

/// Checks bearer tokens: EdDSA (Ed25519) signatures by the service's key only, `exp` and `nbf`
/// within a bounded clock skew, and claims of the right shape.
public struct AccessTokenVerifier: Sendable {
    /// Larger tokens are refused before any decoding: a real one is about 250 bytes.
    public static let maximumTokenBytes = 4096
    /// How far the signer's clock may be from ours.
    public static let clockSkew: TimeInterval = 30

    private let keys: JWTKeyCollection

    public init(publicKey: EdDSA.PublicKey) async {
        keys = await JWTKeyCollection().add(eddsa: publicKey)
    }

    public init(key: SigningKey) async {
        await self.init(publicKey: key.privateKey.publicKey)
    }

    /// The caller a token proves, at `now`.
    public func caller(bearing token: String, at now: Date) async throws(AuthenticationError) -> Caller {
        guard !token.isEmpty else { throw .missing }
        guard token.utf8.count <= Self.maximumTokenBytes else { throw .oversized }
        guard try Self.algorithm(of: token) == "EdDSA" else { throw .algorithmRefused }
        let claims: AccessTokenClaims
        do { claims = try await keys.verify(token, as: AccessTokenClaims.self) } catch let error as JWTError {
            throw error.errorType == .signatureVerificationFailed ? .badSignature : .malformed
        } catch { throw .malformed }
        guard claims.exp.value.timeIntervalSince(now) > -Self.clockSkew else { throw .expired }
        if let notBefore = claims.nbf?.value, notBefore.timeIntervalSince(now) > Self.clockSkew { throw .notYetValid }
        guard UUID(canonical: claims.sub.value)?.canonicalText == claims.sub.value,
            let role = Role(rawValue: claims.role)
        else {
            throw .invalidClaims
        }
        return Caller(subject: claims.sub.value, role: role)
    }

    /// The header's `alg`, read before verifying: only EdDSA is ever tried, so neither `none` nor
    /// an HMAC keyed with the public key can pass.
    private static func algorithm(of token: String) throws(AuthenticationError) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Base64URL.decode(parts[0]),
            let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any],
            let algorithm = object["alg"] as? String
        else { throw .malformed }
        return algorithm
    }
}

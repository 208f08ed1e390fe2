import Foundation
import JWTKit

extension AccessTokenVerifier {
    /// A verifier for the key in `path`: the signing key itself (a local stack's one file) or only
    /// its public half (`PUBLIC KEY` PEM), so servers that only verify need not hold the secret.
    public static func reading(keyFile path: String) async throws(SigningKeyError) -> AccessTokenVerifier {
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(path) }
        guard pem.contains("-----BEGIN PUBLIC KEY-----") else {
            return await AccessTokenVerifier(key: try SigningKey(pem: pem))
        }
        let publicKey: EdDSA.PublicKey
        do { publicKey = try EdDSA.PublicKey(pem: pem) } catch { throw .notAnEd25519PublicKey }
        return await AccessTokenVerifier(publicKey: publicKey)
    }
}

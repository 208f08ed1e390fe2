import Foundation
import JWTKit

/// The service's Ed25519 signing key, kept as PEM in the file `FINANCING_AUTH_KEY_FILE` names.
public struct SigningKey: Sendable {
    let privateKey: EdDSA.PrivateKey

    public init(pem: String) throws(SigningKeyError) {
        do { privateKey = try EdDSA.PrivateKey(pem: pem) } catch { throw .notAnEd25519PrivateKey }
    }

    /// A new random key.
    public static func generate() throws(SigningKeyError) -> SigningKey {
        do { return SigningKey(privateKey: try EdDSA.PrivateKey(curve: .ed25519)) } catch { throw .generationFailed }
    }

    private init(privateKey: EdDSA.PrivateKey) {
        self.privateKey = privateKey
    }

    public var pemRepresentation: String { privateKey.pemRepresentation }
    public var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }

    /// Reads the key at `path`.
    public static func read(from path: String) throws(SigningKeyError) -> SigningKey {
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(path) }
        return try SigningKey(pem: pem)
    }

    /// Reads the key at `path`, creating it first (readable by its owner only) if there is none:
    /// how a local stack gets its key once.
    public static func readOrCreate(at path: String) throws(SigningKeyError) -> SigningKey {
        if FileManager.default.fileExists(atPath: path) { return try read(from: path) }
        let key = try generate()
        let created = FileManager.default.createFile(
            atPath: path, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw .unwritable(path) }
        return key
    }
}

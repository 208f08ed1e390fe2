/// Why the signing key cannot be used. The messages name the file, never its contents.
public enum SigningKeyError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case unwritable(String)
    case notAnEd25519PrivateKey
    case notAnEd25519PublicKey
    case generationFailed

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read the signing key file \(path)"
        case .unwritable(let path): "cannot create the signing key file \(path)"
        case .notAnEd25519PrivateKey: "the signing key is not an Ed25519 private key in PEM"
        case .notAnEd25519PublicKey: "the verification key is not an Ed25519 public key in PEM"
        case .generationFailed: "could not generate an Ed25519 key"
        }
    }
}

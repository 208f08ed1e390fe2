/// Why a component cannot start; said once, in words that tell the operator what to set.
package enum StartupError: Error, CustomStringConvertible, Equatable {
    case noAuthenticationKey
    /// One of FINANCING_TLS_CERT / FINANCING_TLS_KEY without the other: serving plaintext would
    /// silently ignore what the operator asked for.
    case halfTLS
    case unreadableTLSFile(variable: String, path: String)
    case invalidTLSFile(variable: String, path: String, expected: String)

    package var description: String {
        switch self {
        case .noAuthenticationKey:
            "the gRPC servers authenticate every call (SPEC §6): set FINANCING_AUTH_KEY_FILE (or --auth-key-file) "
                + "to the Ed25519 key that signs tokens, or its public half; `financing token --key-file PATH` "
                + "creates one"
        case .halfTLS:
            "TLS needs both FINANCING_TLS_CERT (or --tls-cert) and FINANCING_TLS_KEY (or --tls-key); "
                + "set both, or neither for plaintext"
        case .unreadableTLSFile(let variable, let path):
            "\(variable): cannot read \(path)"
        case .invalidTLSFile(let variable, let path, let expected):
            "\(variable): \(path) does not hold \(expected)"
        }
    }
}

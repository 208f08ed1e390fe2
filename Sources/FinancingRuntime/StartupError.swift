/// Why a component cannot start; said once, in words that tell the operator what to set.
enum StartupError: Error, CustomStringConvertible {
    case noAuthenticationKey

    var description: String {
        switch self {
        case .noAuthenticationKey:
            "the gRPC servers authenticate every call (SPEC §6): set FINANCING_AUTH_KEY_FILE (or --auth-key-file) "
                + "to the Ed25519 key that signs tokens, or its public half; `financing token --key-file PATH` "
                + "creates one"
        }
    }
}

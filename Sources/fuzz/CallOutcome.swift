import GRPCCore

/// What a call ended with: OK, or a status code and message.
struct CallOutcome: Sendable {
    /// nil for OK.
    let code: RPCError.Code?
    let message: String
    /// Set when the call ended with an error that is not a gRPC status (a client bug to report).
    let otherError: String?

    static let ok = CallOutcome(code: nil, message: "", otherError: nil)

    init(code: RPCError.Code?, message: String, otherError: String?) {
        self.code = code
        self.message = message
        self.otherError = otherError
    }

    init(_ error: RPCError) {
        self.init(code: error.code, message: error.message, otherError: nil)
    }

    var isOK: Bool { code == nil && otherError == nil }

    /// The status as gRPC spells it: `OK`, `INVALID_ARGUMENT`, … (`ERROR` for a non-gRPC error).
    var statusName: String {
        if otherError != nil { return "ERROR" }
        guard let code else { return "OK" }
        return Self.name(of: code)
    }

    static func name(of code: RPCError.Code) -> String {
        var name = ""
        for character in code.description {
            if character.isUppercase { name.append("_") }
            name.append(character)
        }
        return name.uppercased()
    }
}

import Authentication
import GRPCCore

extension RPCError {
    public init(_ refusal: AccessRefusal) {
        switch refusal {
        case .unauthenticated: self.init(code: .unauthenticated, message: "unauthenticated")
        case .permissionDenied: self.init(code: .permissionDenied, message: "permission denied")
        }
    }
}

import FinancingAPI
import GRPCCore
import Hummingbird

/// An error as the HTTP edge answers it (SPEC §7): a status and `{"error": {code, message, field}}`.
///
/// The use cases speak gRPC's status codes (they are shared with the gRPC services); this is the
/// one place that maps them, so both edges refuse the same things with the same words.
struct APIError: Error, Encodable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let field: String?

    init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    static func invalid(_ field: String, _ problem: String) -> APIError {
        APIError(status: .badRequest, code: "INVALID_ARGUMENT", message: "\(field) \(problem)", field: field)
    }

    /// `request_id` is the `Idempotency-Key` header on this edge: errors name what the client sent.
    init(_ error: RPCError) {
        let field = error.field.map { $0 == "request_id" ? "Idempotency-Key" : $0 }
        let message =
            error.field == "request_id" && field != nil
            ? "Idempotency-Key" + error.message.dropFirst("request_id".count) : error.message
        if error.isRequestIDReuse {
            self.init(status: .conflict, code: "ALREADY_EXISTS", message: message, field: field)
            return
        }
        let (status, code): (HTTPResponse.Status, String) =
            switch error.code {
            case .invalidArgument: (.badRequest, "INVALID_ARGUMENT")
            case .unauthenticated: (.unauthorized, "UNAUTHENTICATED")
            case .permissionDenied: (.forbidden, "PERMISSION_DENIED")
            case .notFound: (.notFound, "NOT_FOUND")
            case .unavailable: (.serviceUnavailable, "UNAVAILABLE")
            case .resourceExhausted: (.tooManyRequests, "RESOURCE_EXHAUSTED")
            default: (.internalServerError, "INTERNAL")
            }
        self.init(
            status: status, code: code, message: status == .internalServerError ? "internal error" : message,
            field: field)
    }

    /// Hummingbird's own refusals: no such route, a body over the limit, a wrong method.
    init(_ error: HTTPError) {
        let code =
            switch error.status {
            case .notFound: "NOT_FOUND"
            case .contentTooLarge: "RESOURCE_EXHAUSTED"
            case .methodNotAllowed: "UNIMPLEMENTED"
            case .badRequest: "INVALID_ARGUMENT"
            default: "INTERNAL"
            }
        self.init(status: error.status, code: code, message: error.body ?? error.status.reasonPhrase)
    }

    private enum CodingKeys: String, CodingKey { case code, message, field }

    /// `{"error": {...}}`, with `field` null when the error is not about one.
    func response() -> Response {
        var headers = HTTPFields()
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return JSONResponse.make(status: status, ErrorEnvelope(error: self), headers: headers)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(field, forKey: .field)
    }
}

/// The body of every error answer.
struct ErrorEnvelope: Encodable {
    let error: APIError
}

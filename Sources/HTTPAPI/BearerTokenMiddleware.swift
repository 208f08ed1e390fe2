import Authentication
import Foundation
import Hummingbird
import Logging

/// Authenticates every API request with `Authorization: Bearer <JWT>` (SPEC §6) and runs the
/// route with `Caller.current` set, as the gRPC interceptor does. The web view's page and its
/// assets stay open: the page asks for a token and sends it with each API call it makes.
///
/// Every refusal is the same 401 with no detail; the reason goes to the log, never the token.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let verifier: AccessTokenVerifier
    let logger: Logger
    var now: @Sendable () -> Date = { Date() }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.uri.path.hasPrefix("/v1/") else { return try await next(request, context) }
        let caller: Caller
        do {
            caller = try await verifier.caller(bearing: Self.bearerToken(in: request.headers), at: now())
        } catch {
            logger.info(
                "refused an unauthenticated request",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "reason": "\(error)"])
            throw APIError(status: .unauthorized, code: "UNAUTHENTICATED", message: "unauthenticated")
        }
        return try await Caller.$current.withValue(caller) { try await next(request, context) }
    }

    /// The token of the first `Authorization` value that is a bearer credential, or "".
    static func bearerToken(in headers: HTTPFields) -> String {
        for value in headers[values: .authorization] {
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return ""
    }
}

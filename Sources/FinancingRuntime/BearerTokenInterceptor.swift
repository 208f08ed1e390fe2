import Authentication
import Foundation
import GRPCCore
import Logging

/// Authenticates every call with the `authorization: Bearer <JWT>` metadata (SPEC §6) and runs
/// the handler with `Caller.current` set. Health and reflection stay open: load balancers and
/// generic clients must reach them without a token, and neither reveals or moves anything.
///
/// Every refusal is the same UNAUTHENTICATED with no detail; the reason goes to the log, never
/// the token.
package struct BearerTokenInterceptor: ServerInterceptor {
    package static let openServices: Set<String> = [
        "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
    ]

    let verifier: AccessTokenVerifier
    let logger: Logger
    let now: @Sendable () -> Date

    package init(verifier: AccessTokenVerifier, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.verifier = verifier
        self.logger = logger
        self.now = now
    }

    package func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        if Self.openServices.contains(context.descriptor.service.fullyQualifiedService) {
            return try await next(request, context)
        }
        let caller: Caller
        do {
            caller = try await verifier.caller(bearing: Self.bearerToken(in: request.metadata), at: now())
        } catch {
            logger.info(
                "refused an unauthenticated call",
                metadata: ["method": "\(context.descriptor.fullyQualifiedMethod)", "reason": "\(error)"])
            return StreamingServerResponse(error: RPCError(code: .unauthenticated, message: "unauthenticated"))
        }
        // Unary handlers run inside `next` (it awaits the request's one message), so the
        // task-local is set for the whole of their work.
        return try await Caller.$current.withValue(caller) { try await next(request, context) }
    }

    /// The token of the first `authorization` value that is a bearer credential, or "".
    static func bearerToken(in metadata: Metadata) -> String {
        for value in metadata[stringValues: "authorization"] {
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return ""
    }
}

import GRPCCore

/// Sends a default bearer token with every call that carries none of its own: a client that
/// mostly acts as one party (an operator) passes per-call metadata only where it acts as another.
public struct DefaultCallerInterceptor: ClientInterceptor {
    private let token: @Sendable () async throws -> String

    public init(token: @escaping @Sendable () async throws -> String) {
        self.token = token
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>, context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        guard !request.metadata.hasAuthorization else { return try await next(request, context) }
        var request = request
        request.metadata.addString("Bearer \(try await token())", forKey: "authorization")
        return try await next(request, context)
    }
}

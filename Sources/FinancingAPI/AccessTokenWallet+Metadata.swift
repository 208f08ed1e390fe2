import Authentication
import GRPCCore

extension AccessTokenWallet {
    /// The metadata of a call made as `caller`.
    public func metadata(as caller: Caller) async throws -> Metadata {
        .bearer(try await token(for: caller))
    }

    /// A client interceptor that makes every call carrying no token of its own as `caller`.
    public nonisolated func defaultCaller(_ caller: Caller) -> DefaultCallerInterceptor {
        DefaultCallerInterceptor { try await self.token(for: caller) }
    }
}

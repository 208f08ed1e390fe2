import FinancingAPI
import GRPCCore

/// Counts the `Commands` service's command requests by how the listener answered them, in one
/// place instead of in every method: an OK answer is an accepted command, an error status a
/// rejected one. Status queries and other services pass through uncounted.
public struct CommandMetricsInterceptor: ServerInterceptor {
    private let metrics: CommandMetrics

    public init(metrics: CommandMetrics = CommandMetrics()) {
        self.metrics = metrics
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor
        guard method.service == Financing_V1_Commands.descriptor,
            method != Financing_V1_Commands.Method.GetCommandStatus.descriptor
        else { return try await next(request, context) }
        do {
            let response = try await next(request, context)
            switch response.accepted {
            case .success: metrics.accepted(method.method)
            case .failure(let error): metrics.rejected(method.method, code: error.code)
            }
            return response
        } catch {
            metrics.rejected(method.method, code: (error as? RPCError)?.code ?? .unknown)
            throw error
        }
    }
}

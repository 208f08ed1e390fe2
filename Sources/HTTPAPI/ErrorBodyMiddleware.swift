import GRPCCore
import Hummingbird
import Logging
import NIOCore

/// Turns every error a route throws into SPEC §7's error body, so no answer of the edge is
/// Hummingbird's plain-text default and nothing internal leaks into one.
struct ErrorBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as RPCError {
            let answer = APIError(error)
            if answer.status == .internalServerError {
                logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return answer.response()
        } catch let error as HTTPError {
            // The router's own 404: no route for this method; 405 if the path has one for another.
            let allowed = error.status == .notFound ? routes.methods(for: request.uri.path) : []
            guard allowed.isEmpty else {
                var answer = APIError(
                    status: .methodNotAllowed, code: "UNIMPLEMENTED",
                    message: "\(request.method) is not served here; allowed: "
                        + allowed.map(\.rawValue).joined(separator: ", ")
                ).response()
                answer.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return answer
            }
            return APIError(error).response()
        } catch is NIOTooManyBytesError {
            return APIError(
                status: .contentTooLarge, code: "RESOURCE_EXHAUSTED", message: "the body is over 64 KiB"
            ).response()
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return APIError(status: .internalServerError, code: "INTERNAL", message: "internal error").response()
        }
    }
}

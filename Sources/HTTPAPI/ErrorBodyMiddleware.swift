import GRPCCore
import Hummingbird
import Logging
import NIOCore

/// Turns every error a route throws into SPEC §7's error body, so no answer of the edge is
/// Hummingbird's plain-text default and nothing internal leaks into one.
struct ErrorBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

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

import HTTPTypes
import Hummingbird

/// One route of the edge: declared first, registered after the middleware, so the table of
/// routes that answers 405 is the very list the router serves.
struct Route: Sendable {
    let method: HTTPRequest.Method
    /// Hummingbird's pattern: `:name` is one path segment.
    let path: String
    let handler: @Sendable (Request, APIRequestContext) async throws -> Response
}

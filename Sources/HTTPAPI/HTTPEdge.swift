import Authentication
import CommandService
import EventSourcing
import FinancingAPI
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import QueryService
import ServiceLifecycle

/// The HTTP/JSON edge (SPEC §7): Hummingbird routes onto the use cases the gRPC services run,
/// so both edges validate, authorize and record with the same code, plus the event store's
/// streams read-only.
public struct HTTPEdge: Sendable {
    let commands: CommandsService
    let queries: QueriesService
    let streams: any StreamPages
    let verifier: AccessTokenVerifier
    let logger: Logger

    public init(
        commands: CommandsService, queries: QueriesService, streams: any StreamPages, verifier: AccessTokenVerifier,
        logger: Logger
    ) {
        self.commands = commands
        self.queries = queries
        self.streams = streams
        self.verifier = verifier
        self.logger = logger
    }

    /// Errors outermost, so a refused token and a missing route answer in the same shape.
    public func router() -> Router<APIRequestContext> {
        let routes =
            CommandRoutes(commands: commands).routes + QueryRoutes(queries: queries).routes
            + StreamRoutes(streams: streams, logger: logger).routes + WebRoutes().routes
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: ErrorBodyMiddleware(logger: logger, routes: RouteTable(routes)))
        router.add(middleware: BearerTokenMiddleware(verifier: verifier, logger: logger))
        for route in routes { router.on(RouterPath(route.path), method: route.method, use: route.handler) }
        return router
    }

    /// The server as a lifecycle service: it stops accepting on graceful shutdown and lets the
    /// requests in flight finish. Idle connections close as on the gRPC servers. With `tls`, HTTPS only.
    public func server(host: String, port: Int, tls: TLSConfiguration? = nil) throws -> some Service {
        let http1 = HTTPServerBuilder.http1(
            configuration: .init(idleTimeout: .seconds(Int64(APILimits.maximumIdleTime.components.seconds))))
        return Application(
            router: router(),
            server: try tls.map { try .tls(http1, tlsConfiguration: $0) } ?? http1,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            logger: logger)
    }
}

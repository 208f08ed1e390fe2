import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle

/// A gRPC server as a lifecycle service: serves until graceful shutdown, then lets in-flight
/// calls finish.
struct GRPCServerService: Service {
    let name: String
    let host: String
    let port: Int
    let services: [any RegistrableRPCService]
    var interceptors: [any ServerInterceptor] = []
    /// nil: plaintext.
    var tls: ServerTLS?
    let logger: Logger

    func run() async throws {
        let server = GRPCServer(
            transport: .http2NIOPosix(
                address: .ipv4(host: host, port: port), transportSecurity: tls?.grpcTransportSecurity ?? .plaintext,
                config: GRPCServerLimits.transport),
            services: services, interceptors: interceptors)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.serve() }
                // Logged once bound, so "serving" is never followed by "address already in use".
                let address = try await server.listeningAddress
                logger.info(
                    "\(name): serving gRPC",
                    metadata: [
                        "address": "\(address.map { "\($0)" } ?? "?")",
                        "transport": "\(tls == nil ? "plaintext" : "tls")",
                    ])
            }
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
        logger.info("\(name): stopped serving")
    }
}

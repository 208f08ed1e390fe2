import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle

/// A gRPC server as a lifecycle service: serves until graceful shutdown, then lets in-flight
/// calls finish.
struct GRPCServerService: Service {
    let name: String
    let port: Int
    let services: [any RegistrableRPCService]
    let logger: Logger

    func run() async throws {
        let server = GRPCServer(
            transport: .http2NIOPosix(address: .ipv4(host: "0.0.0.0", port: port), transportSecurity: .plaintext),
            services: services)
        logger.info("\(name): serving gRPC", metadata: ["port": "\(port)"])
        try await withGracefulShutdownHandler {
            try await server.serve()
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
        logger.info("\(name): stopped serving")
    }
}

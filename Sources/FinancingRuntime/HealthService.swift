import FinancingAPI
import GRPCCore

/// The standard `grpc.health.v1.Health` service of one gRPC server: the server as a whole ("")
/// and each service it hosts are SERVING while the dependencies that server needs answer, and
/// NOT_SERVING otherwise and from the start of graceful shutdown.
package struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
    package typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    let readiness: Readiness
    /// The fully qualified names of the services next to it, e.g. `financing.v1.Commands`.
    let services: Set<String>
    /// The `Readiness` dependency names the server needs.
    let dependencies: Set<String>

    package init(readiness: Readiness, services: Set<String>, dependencies: Set<String>) {
        self.readiness = readiness
        self.services = services
        self.dependencies = dependencies
    }

    package func check(
        request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard let status = status(of: request.service) else {
            throw RPCError(code: .notFound, message: "unknown service '\(request.service)'")
        }
        return Self.response(status)
    }

    /// Sends the status at once and then each change, until the client leaves or shutdown ends it.
    package func watch(
        request: Grpc_Health_V1_HealthCheckRequest, response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        // Subscribed before the first answer, so a change in between is not missed.
        let changes = readiness.changes()
        var sent = status(of: request.service) ?? .serviceUnknown
        try await response.write(Self.response(sent))
        for await _ in changes {
            let now = status(of: request.service) ?? .serviceUnknown
            guard now != sent else { continue }
            try await response.write(Self.response(now))
            sent = now
        }
        // Shutdown has begun: the stream ended after NOT_SERVING, so the server can drain.
        let last = status(of: request.service) ?? .serviceUnknown
        if last != sent { try await response.write(Self.response(last)) }
    }

    /// nil for a service this server does not host.
    private func status(of service: String) -> Status? {
        guard service.isEmpty || services.contains(service) else { return nil }
        return readiness.isReady(dependencies) ? .serving : .notServing
    }

    private static func response(_ status: Status) -> Grpc_Health_V1_HealthCheckResponse {
        var response = Grpc_Health_V1_HealthCheckResponse()
        response.status = status
        return response
    }
}

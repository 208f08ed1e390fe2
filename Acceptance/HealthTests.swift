import FinancingAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

/// The standard gRPC health service on both ports of the running stack, as an orchestrator's
/// probe (grpc_health_probe, a Kubernetes gRPC probe) would ask it.
@Suite("Health", .timeLimit(.minutes(1)))
struct HealthTests {
    @Test(
        "Given the running stack, when a probe asks each port about the server and its service, then both are SERVING",
        arguments: [
            (StackEnvironment.commandsPort, "financing.v1.Commands"),
            (StackEnvironment.queriesPort, "financing.v1.Queries"),
        ])
    func servingOnBothPorts(port: Int, service: String) async throws {
        let transport = try Transport(
            target: .ipv4(address: StackEnvironment.host, port: port), transportSecurity: .plaintext)
        try await withGRPCClient(transport: transport) { client in
            let health = Grpc_Health_V1_Health.Client(wrapping: client)
            // A stack that just started may still be running its first round of checks.
            _ = try await eventually("\(service) on port \(port) reports SERVING") { () -> Bool? in
                let server = try await health.check(Self.request(""))
                let named = try await health.check(Self.request(service))
                return server.status == .serving && named.status == .serving ? true : nil
            }
            await #expect(throws: RPCError.self) { _ = try await health.check(Self.request("financing.v1.Nothing")) }
        }
    }

    private static func request(_ service: String) -> Grpc_Health_V1_HealthCheckRequest {
        var request = Grpc_Health_V1_HealthCheckRequest()
        request.service = service
        return request
    }
}

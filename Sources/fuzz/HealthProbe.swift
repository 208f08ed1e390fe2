import FinancingAPI
import GRPCCore
import GRPCNIOTransportHTTP2

/// Asks `grpc.health.v1.Health/Check` about a server and the service it hosts.
enum HealthProbe {
    /// Waits up to `timeout` for SERVING; returns nil then, or the last answer otherwise.
    static func waitServing(
        _ client: GRPCClient<HTTP2ClientTransport.Posix>, service: String, timeout: Duration
    ) async -> String? {
        let health = Grpc_Health_V1_Health.Client(wrapping: client)
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while true {
            for name in ["", service] {
                var request = Grpc_Health_V1_HealthCheckRequest()
                request.service = name
                var options = CallOptions.defaults
                options.timeout = .seconds(5)
                do {
                    let response = try await health.check(request, options: options)
                    last = "'\(name)' is \(response.status)"
                    if response.status != .serving { break }
                    if name == service { return nil }
                } catch {
                    last = "'\(name)': \(error)"
                    break
                }
            }
            guard ContinuousClock.now < deadline else { return last }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}

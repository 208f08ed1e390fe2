import Authentication
import CommandService
import FinancingAPI
import FinancingRuntime
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Kafka
import Postgres
import PostgresEventStore
import Prometheus
import Testing

/// `grpc.health.v1.Health` served next to `Commands` on an ephemeral port, asked over gRPC,
/// with readiness checking the real PostgreSQL and broker (`FINANCING_TEST_KAFKA_BROKERS`).
@Suite("HealthService and the listener's counters over gRPC")
struct HealthServiceTests {
    typealias Health = Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>
    typealias Commands = Financing_V1_Commands.Client<HTTP2ClientTransport.Posix>
    typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    static let brokers = ProcessInfo.processInfo.environment["FINANCING_TEST_KAFKA_BROKERS"] ?? "127.0.0.1:9092"
    static let logger = TestLogging.logger("health")

    /// Serves `services` on a free port (with the transport's `config`), runs `body` with a
    /// connected client, then shuts down.
    static func withServer<R: Sendable>(
        _ services: [any RegistrableRPCService], interceptors: [any ServerInterceptor] = [],
        config: HTTP2ServerTransport.Posix.Config = .defaults,
        _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        let server = GRPCServer(
            transport: .http2NIOPosix(
                address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext, config: config),
            services: services, interceptors: interceptors)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            defer { server.beginGracefulShutdown() }
            guard let port = try await server.transport.listeningAddress.ipv4?.port else {
                throw TestSetupError("the gRPC server has no IPv4 address")
            }
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
            return try await withGRPCClient(transport: transport) { client in try await body(client) }
        }
    }

    static func health(_ readiness: Readiness) -> HealthService {
        HealthService(readiness: readiness, services: ["financing.v1.Commands"], dependencies: readiness.dependencies)
    }

    static func status(_ client: Health, _ service: String = "") async throws -> Status {
        var request = Grpc_Health_V1_HealthCheckRequest()
        request.service = service
        return try await client.check(request).status
    }

    @Test("SERVING for the server and Commands while PostgreSQL and the broker answer; NOT_FOUND for others")
    func servingWithDependenciesUp() async throws {
        try await TestDatabase.with { database in
            let probe = try KafkaProbe(brokers: Self.brokers, logger: Self.logger)
            let readiness = Readiness(
                checks: [.postgres("eventstore", pool: database.pool), .kafka(probe)], logger: Self.logger)
            await readiness.refresh()
            try await Self.withServer([Self.health(readiness)]) { client in
                let health = Health(wrapping: client)
                let server = try await Self.status(health)
                let commands = try await Self.status(health, "financing.v1.Commands")
                #expect(server == .serving)
                #expect(commands == .serving)
                await #expect(throws: RPCError.self) { _ = try await Self.status(health, "financing.v1.Nothing") }
            }
            await probe.close()
        }
    }

    @Test("NOT_SERVING while the database is unreachable")
    func notServingWithDatabaseDown() async throws {
        let nowhere = PostgresPool(
            url: MetricsEndpointTests.unreachableDatabase, maxConnections: 1,
            logger: Self.logger)
        let readiness = Readiness(checks: [.postgres("eventstore", pool: nowhere)], logger: Self.logger)
        await readiness.refresh()
        try await Self.withServer([Self.health(readiness)]) { client in
            let health = Health(wrapping: client)
            let server = try await Self.status(health)
            let commands = try await Self.status(health, "financing.v1.Commands")
            #expect(server == .notServing)
            #expect(commands == .notServing)
        }
        #expect(readiness.failing == ["eventstore"])
        await nowhere.close()
    }

    @Test(
        "a watcher hears SERVING, then NOT_SERVING when the database goes away, and its stream ends at shutdown",
        .timeLimit(.minutes(1)))
    func watchFollowsTheDatabase() async throws {
        try await TestDatabase.with { database in
            let readiness = Readiness(
                checks: [.postgres("eventstore", pool: database.pool)], interval: .milliseconds(100),
                logger: Self.logger)
            let checking = Task { try await readiness.run() }
            let seen = try await Self.withServer([Self.health(readiness)]) { client in
                try await Health(wrapping: client).watch(Grpc_Health_V1_HealthCheckRequest()) { response in
                    var seen: [Status] = []
                    for try await message in response.messages {
                        seen.append(message.status)
                        switch (message.status, seen.contains(.serving)) {
                        case (.serving, _): try await Self.dropDatabase(database.name)
                        case (.notServing, true): checking.cancel()  // shutdown: the stream must end
                        default: continue
                        }
                    }
                    return seen
                }
            }
            // It may start with NOT_SERVING while the first round of checks runs.
            #expect(Array(seen.drop { $0 == .notServing }) == [.serving, .notServing])
            #expect(readiness.isReady() == false)
        }
    }

    @Test("the listener counts accepted commands by type and rejected ones by status code")
    func listenerCounters() async throws {
        try await TestDatabase.with { database in
            let registry = PrometheusCollectorRegistry()
            let commands = CommandsService(
                log: database.commandLog, publisher: RecordingPublisher(), logger: Self.logger)
            let interceptor = CommandMetricsInterceptor(
                metrics: CommandMetrics(factory: PrometheusMetricsFactory(registry: registry)))
            let key = try SigningKey.generate()
            let authentication = BearerTokenInterceptor(
                verifier: await AccessTokenVerifier(key: key), logger: Self.logger)
            let issuer = UUID().uuidString.lowercased()
            let metadata = Metadata.bearer(
                try await AccessTokenIssuer(key: key).token(
                    for: Caller(subject: issuer, role: .issuer), at: Date(), lifetime: .seconds(60)))
            try await Self.withServer([commands], interceptors: [interceptor, authentication]) { client in
                let commands = Commands(wrapping: client)
                var sell = Financing_V1_SellInvoiceRequest()
                sell.issuerID = issuer
                sell.askingPrice.minorUnits = 1_000
                _ = try await commands.sellInvoice(sell, metadata: metadata)
                sell.askingPrice.minorUnits = 0
                await #expect(throws: RPCError.self) { _ = try await commands.sellInvoice(sell, metadata: metadata) }
                sell.askingPrice.minorUnits = 1_000
                sell.issuerID = UUID().uuidString.lowercased()
                await #expect(throws: RPCError.self) { _ = try await commands.sellInvoice(sell, metadata: metadata) }
                var status = Financing_V1_GetCommandStatusRequest()
                status.commandID = UUID().uuidString.lowercased()
                await #expect(throws: RPCError.self) {
                    _ = try await commands.getCommandStatus(status, metadata: metadata)
                }
            }
            let text = registry.emitToString()
            #expect(Scrape.value(#"financing_commands_accepted_total{command="SellInvoice"}"#, in: text) == 1)
            let invalid = #"financing_commands_rejected_total{command="SellInvoice",code="INVALID_ARGUMENT"}"#
            #expect(Scrape.value(invalid, in: text) == 1)
            let denied = #"financing_commands_rejected_total{command="SellInvoice",code="PERMISSION_DENIED"}"#
            #expect(Scrape.value(denied, in: text) == 1)
            #expect(!text.contains("GetCommandStatus"))
        }
    }

    /// Drops the test's database under the pool, ending its sessions, as an outage would.
    static func dropDatabase(_ name: String) async throws {
        let maintenance = try await PostgresConnection.connect(url: TestDatabase.serverURL, logger: logger)
        defer { maintenance.close() }
        try await maintenance.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}

import EventSourcing
import FinancingDomain
import FinancingMessages
import FinancingRuntime
import Foundation
import Handler
import Postgres
import Projections
import Prometheus
import Testing

/// The metrics HTTP server on an ephemeral port, scraped after real components did real work on
/// a real database. Each test records into a registry of its own, so counts are exact even while
/// other suites run in the same process.
@Suite("Metrics endpoint: /metrics, /healthz and /readyz")
struct MetricsEndpointTests {
    static let logger = TestLogging.logger("metrics")
    /// Nothing listens on port 1 of the loopback: connecting is refused at once.
    static let unreachableDatabase = "postgres://postgres:postgres@127.0.0.1:1/none"

    /// Serves `registry` (and `readiness` on /readyz) on a free port while `body` runs.
    /// `idleTimeout` and `maximumConnections` as the server's defaults unless given.
    static func withServer<R: Sendable>(
        _ registry: PrometheusCollectorRegistry, readiness: Readiness? = nil, idleTimeout: Duration = .seconds(30),
        maximumConnections: Int = 64, _ body: (Int) async throws -> R
    ) async throws -> R {
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let server = MetricsHTTPServer(
            host: "127.0.0.1", port: 0, registry: registry, readiness: readiness, idleTimeout: idleTimeout,
            maximumConnections: maximumConnections, onListening: { listening.yield($0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            guard let port = await ports.first(where: { _ in true }) else {
                throw TestSetupError("the metrics server stopped before it listened")
            }
            return try await body(port)
        }
    }

    @Test("handled messages show as outcomes, durations, existence checks by source, dead letters and projection lag")
    func handlerAndProjectorMetrics() async throws {
        try await TestDatabase.with { database in
            let registry = PrometheusCollectorRegistry()
            let factory = PrometheusMetricsFactory(registry: registry)
            let handler = FinancingHandler(
                store: database.store, deadLetters: database.deadLetters, acceptedCommands: database.commandLog,
                metrics: HandlerMetrics(factory: factory), logger: Self.logger)
            let issuer = IssuerID(UUID())
            let registration = Inbound.registration(.issuerRegistered(issuer, name: "Issuer"))
            try await handler.handle(registration)
            let sell = FinancingCommand.sellInvoice(
                invoice: InvoiceID(UUID()), issuer: issuer, askingPrice: cents(1_000))
            let sellID = UUID()
            _ = try await database.commandLog.accept(Inbound.accepted(sell, id: sellID))
            try await handler.handle(Inbound.command(sell, id: sellID))
            try await handler.handle(Inbound.command(sell, id: sellID))  // a redelivery
            let orphan = FinancingCommand.sellInvoice(
                invoice: InvoiceID(UUID()), issuer: IssuerID(UUID()), askingPrice: cents(500))
            let orphanID = UUID()
            _ = try await database.commandLog.accept(Inbound.accepted(orphan, id: orphanID))
            try await handler.handle(Inbound.command(orphan, id: orphanID))
            try await handler.handle(
                Inbound.raw(
                    topic: Topic.commands, payload: Array("{}".utf8),
                    headers: [MessageHeader(MessageHeader.messageType, "SellInvoice")]))

            let projector = Projector(
                store: database.readModels, metrics: ProjectorMetrics(factory: factory), logger: Self.logger)
            try await projector.project(registration)
            let events = try await database.store.unpublished(limit: 100)
            #expect(events.allSatisfy { $0.recordedAt != nil })
            for event in events { try await projector.project([event]) }

            try await Self.withServer(registry) { port in
                let (status, text) = try await Scrape.get(port: port, "/metrics")
                #expect(status == 200)
                func value(_ series: String) -> Double? { Scrape.value(series, in: text) }
                #expect(value(#"financing_handler_outcomes_total{outcome="succeeded"}"#) == 2)
                #expect(value(#"financing_handler_outcomes_total{outcome="duplicate"}"#) == 1)
                #expect(value(#"financing_handler_outcomes_total{outcome="rejected"}"#) == 1)
                #expect(value(#"financing_handler_outcomes_total{outcome="dead_lettered"}"#) == 1)
                #expect(value(#"financing_dead_letters_total{topic="financing.commands.dlq"}"#) == 1)
                // The issuer is asked for once, then remembered for the redelivery; the unknown one is asked for.
                #expect(value(#"financing_handler_existence_checks_total{answered_by="store"}"#) == 2)
                #expect(value(#"financing_handler_existence_checks_total{answered_by="memory"}"#) == 1)
                #expect(value(#"financing_handler_message_duration_seconds_count{kind="command"}"#) == 4)
                #expect(value(#"financing_handler_message_duration_seconds_count{kind="registration"}"#) == 1)
                #expect(value(#"financing_projection_lag_seconds_count{projector="read_models"}"#) == 2)
                #expect((value(#"financing_projection_last_lag_seconds{projector="read_models"}"#) ?? -1) >= 0)
                #expect(text.contains("# TYPE financing_handler_outcomes_total counter"))
            }
        }
    }

    @Test("the outbox backlog counts the unpublished events and ages the oldest")
    func outboxBacklog() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            #expect(try await database.store.backlog() == OutboxBacklog(unpublished: 0, oldestAge: .zero))
            try await harness.registerIssuer()
            try await harness.registerInvestor(balance: cents(1_000))
            let backlog = try await database.store.backlog()
            #expect(backlog.unpublished == (try await harness.eventCount()))
            #expect(backlog.oldestAge >= .zero)
            try await database.store.markPublished(try await database.store.unpublished(limit: 10))
            #expect(try await database.store.backlog().unpublished == 0)
        }
    }

    @Test("/healthz answers 200; /readyz 200 while the database answers and 503 naming it when it does not")
    func probes() async throws {
        try await TestDatabase.with { database in
            let reachable = Readiness(checks: [.postgres("eventstore", pool: database.pool)], logger: Self.logger)
            await reachable.refresh()
            try await Self.withServer(PrometheusCollectorRegistry(), readiness: reachable) { port in
                let live = try await Scrape.get(port: port, "/healthz")
                let ready = try await Scrape.get(port: port, "/readyz")
                let unknown = try await Scrape.get(port: port, "/nothing")
                #expect(live.status == 200)
                #expect(ready.status == 200)
                #expect(unknown.status == 404)
            }
        }
        let nowhere = PostgresPool(
            url: Self.unreachableDatabase, maxConnections: 1,
            logger: Self.logger)
        let unreachable = Readiness(checks: [.postgres("eventstore", pool: nowhere)], logger: Self.logger)
        await unreachable.refresh()
        try await Self.withServer(PrometheusCollectorRegistry(), readiness: unreachable) { port in
            let live = try await Scrape.get(port: port, "/healthz")
            let ready = try await Scrape.get(port: port, "/readyz")
            #expect(live.status == 200)
            #expect(ready.status == 503)
            #expect(ready.body.contains("eventstore"))
        }
        await nowhere.close()
    }
}

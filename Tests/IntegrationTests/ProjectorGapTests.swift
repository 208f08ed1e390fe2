import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Metrics
import Projections
import Prometheus
import Testing

@Suite("Projector: a row never takes an event over a missing earlier version; the gap is healed from the event store")
struct ProjectorGapTests {
    /// The scenario's events with the second event of Ada's stream left out, as a lost message would.
    private static func eventsMissingOne(
        _ database: TestDatabase
    ) async throws -> (scenario: ProjectorTests.Scenario, events: [RecordedEvent]) {
        let scenario = try await ProjectorTests.Scenario.run(HandlerHarness(database))
        let events = try await database.allEvents()
        let lost = try #require(events.first { $0.stream.id == scenario.ada.uuid && $0.version == 2 })
        return (scenario, events.filter { $0.position != lost.position })
    }

    private static func emitted(_ registry: PrometheusCollectorRegistry) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test("with the event store at hand, the row is brought up to date and the healed events counted")
    func healsFromTheStore() async throws {
        try await TestDatabase.with { database in
            let (scenario, events) = try await Self.eventsMissingOne(database)
            let registry = PrometheusCollectorRegistry()
            let projector = Projector(
                store: database.readModels, history: database.store,
                metrics: ProjectorMetrics(factory: PrometheusMetricsFactory(registry: registry)),
                logger: TestLogging.logger("projector"))
            try await projector.project(scenario.registrations)
            try await projector.project(events)

            let snapshot = try await ProjectorTests.Snapshot.of(database.readModels)
            #expect(snapshot.investors == scenario.expectedInvestors)
            #expect(snapshot.invoices == scenario.expectedInvoices)
            let healed = Scrape.value(
                #"financing_projector_healed_events_total{projector="read_models"}"#, in: Self.emitted(registry))
            let adaEvents = try await database.allEvents().filter { $0.stream.id == scenario.ada.uuid }
            // Everything after version 1 of Ada's stream came from the store, once.
            #expect(healed == Double(adaEvents.count - 1))
        }
    }

    @Test("without the event store, the row stays at the last version it had and the gap is counted")
    func withoutTheStoreTheRowWaits() async throws {
        try await TestDatabase.with { database in
            let (scenario, events) = try await Self.eventsMissingOne(database)
            let registry = PrometheusCollectorRegistry()
            let projector = Projector(
                store: database.readModels,
                metrics: ProjectorMetrics(factory: PrometheusMetricsFactory(registry: registry)),
                logger: TestLogging.logger("projector"))
            try await projector.project(scenario.registrations)
            try await projector.project(events)

            let ada = try #require(try await database.readModels.investor(scenario.ada))
            #expect(ada != scenario.expectedInvestors.first { $0.id == scenario.ada })
            #expect(try await database.readModels.versions(of: [scenario.ada.uuid])[scenario.ada.uuid] == 1)
            let gaps = Scrape.value(
                #"financing_projector_gaps_total{projector="read_models"}"#, in: Self.emitted(registry))
            #expect((gaps ?? 0) >= 1)
        }
    }
}

import Foundation
import Metrics
import PostgresEventStore
import Prometheus
import Relayer
import Testing

/// Each relayer copy says on /metrics whether it leads and since when, by its own clock: what an
/// operator reads to find the active copy, and what the chaos harness times a takeover with.
@Suite("Relayer role metrics")
struct RelayerRoleMetricsTests {
    static let logger = TestLogging.logger("relayer-role")

    private static func relayer(_ database: TestDatabase, registry: PrometheusCollectorRegistry) -> RelayerService {
        RelayerService(
            outbox: database.store, publisher: RecordingPublisher(),
            lock: PostgresLeaderLock(url: database.url, logger: logger), interval: .milliseconds(50),
            metrics: RelayerMetrics(factory: PrometheusMetricsFactory(registry: registry)), logger: logger)
    }

    private static func gauge(_ name: String, _ registry: PrometheusCollectorRegistry) -> Double? {
        var page: [UInt8] = []
        registry.emit(into: &page)
        return Scrape.value(name, in: String(decoding: page, as: UTF8.self))
    }

    @Test("the leader shows 1, the standby 0; after the leader's session dies the standby shows 1 since then")
    func roleAndSince() async throws {
        try await TestDatabase.with { database in
            let leaderMetrics = PrometheusCollectorRegistry()
            let standbyMetrics = PrometheusCollectorRegistry()
            let started = Date().timeIntervalSince1970
            let leader = Task { try await Self.relayer(database, registry: leaderMetrics).run() }
            try await waitUntil("the leader reports its role") {
                Self.gauge("financing_relayer_leader", leaderMetrics) == 1
            }
            let standby = Task { try await Self.relayer(database, registry: standbyMetrics).run() }
            defer {
                leader.cancel()
                standby.cancel()
            }
            try await waitUntil("the standby reports its role") {
                Self.gauge("financing_relayer_leader", standbyMetrics) == 0
            }
            let leaderSince = try #require(Self.gauge("financing_relayer_role_since_seconds", leaderMetrics))
            #expect(leaderSince >= started.rounded(.down))

            let cut = Date().timeIntervalSince1970
            let rows = try await database.query(
                """
                SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """)
            let leaderPID = try #require(try rows.first?.int("pid"))
            _ = try await database.query("SELECT pg_terminate_backend($1)", [leaderPID])
            try await waitUntil("the standby reports that it leads") {
                Self.gauge("financing_relayer_leader", standbyMetrics) == 1
            }
            let standbySince = try #require(Self.gauge("financing_relayer_role_since_seconds", standbyMetrics))
            #expect(standbySince >= cut.rounded(.down))
            #expect(standbySince <= Date().timeIntervalSince1970)
        }
    }

    @Test("each relay of a batch times its read, publish and mark steps")
    func stepTimes() async throws {
        try await TestDatabase.with { database in
            let metrics = PrometheusCollectorRegistry()
            let harness = HandlerHarness(database)
            _ = try await harness.registerInvestor(balance: cents(100))
            let relayer = Task { try await Self.relayer(database, registry: metrics).run() }
            defer { relayer.cancel() }
            try await waitUntil("the outbox is empty") { try await database.store.unpublished(limit: 1).isEmpty }
            // The steps are recorded right after the mark that empties the outbox.
            try await waitUntil("the mark is timed") {
                Self.gauge("financing_relayer_step_seconds_count{step=\"mark\"}", metrics) != nil
            }
            for step in ["read", "publish", "mark"] {
                let count = Self.gauge("financing_relayer_step_seconds_count{step=\"\(step)\"}", metrics)
                #expect(count.map { $0 >= 1 } == true, "step \(step)")
                let seconds = Self.gauge("financing_relayer_step_seconds_sum{step=\"\(step)\"}", metrics)
                #expect(seconds.map { $0 > 0 && $0 < 30 } == true, "step \(step)")
            }
        }
    }
}

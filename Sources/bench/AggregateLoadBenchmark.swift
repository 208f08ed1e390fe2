import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Logging
import Postgres
import PostgresEventStore

/// Loads one investor with a long history from a scratch database, through the service's own
/// `PostgresEventStore`, codecs and `CommandExecutor.load`, with and without a snapshot.
struct AggregateLoadBenchmark: Sendable {
    let url: String
    let events: Int
    /// The snapshot sits this many events before the end: 50 is the average distance when a
    /// snapshot is taken every 100 events (FINANCING_SNAPSHOT_EVERY's default).
    let eventsAfterSnapshot: Int
    let repeats: Int
    let logger: Logger

    func run() async throws -> AggregateLoadResult {
        try await PostgresBootstrap.createDatabaseIfMissing(url: url, logger: logger)
        let pool = PostgresPool(url: url, maxConnections: 2, logger: logger)
        do {
            let result = try await measure(pool)
            await pool.close()
            try await dropDatabase()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    private func measure(_ pool: PostgresPool) async throws -> AggregateLoadResult {
        try await EventStoreSchema.migrate(pool)
        try await pool.withConnection { connection in
            try await connection.executeScript(
                "TRUNCATE events, snapshots, processed_messages, commands, command_outcomes")
        }
        let store = PostgresEventStore(pool: pool, logger: logger)
        let id = InvestorID(UUID())
        let stream = StreamID(aggregateType: Investor.aggregateType, id: id.uuid)
        let history = Self.history(of: id, count: events)

        let appendStart = ContinuousClock.now
        for start in stride(from: 0, to: history.count, by: 1_000) {
            let chunk = history[start..<min(start + 1_000, history.count)]
            _ = try await store.record(
                StreamChange(
                    messageID: UUID(), stream: stream, expectedVersion: start,
                    events: chunk.map { EventCodec<Investor.Event>.investor.encode(id.uuid, $0) }))
        }
        let appendSeconds = ProgressReporter.seconds(appendStart.duration(to: .now))

        let snapshotVersion = max(1, history.count - eventsAfterSnapshot)
        let snapshotState = history.prefix(snapshotVersion).reduce(Investor.initialState, Investor.evolve)
        try await store.save(
            Snapshot(
                stream: stream, version: snapshotVersion,
                state: SnapshotCodec<Investor.State>.investor.encode(snapshotState)),
            revision: SnapshotCodec<Investor.State>.investor.revision)

        let plain = CommandExecutor(store: store, logger: logger)
        let snapshotting = CommandExecutor(
            store: store, snapshots: SnapshotPolicy(store: store, every: 100), logger: logger)
        let expected = history.reduce(Investor.initialState, Investor.evolve)
        let without = try await time(plain, stream, expected: expected)
        let with = try await time(snapshotting, stream, expected: expected)
        return AggregateLoadResult(
            database: URLComponents(string: url)?.path ?? url, events: history.count,
            snapshotVersion: snapshotVersion, eventsAfterSnapshot: history.count - snapshotVersion, repeats: repeats,
            withoutSnapshot: LatencySummary(micros: without), withSnapshot: LatencySummary(micros: with),
            appendS: appendSeconds)
    }

    /// Load times in microseconds after one warm-up load; checks every load gives the true state.
    private func time(_ executor: CommandExecutor, _ stream: StreamID, expected: Investor.State) async throws
        -> [Int64]
    {
        var samples: [Int64] = []
        for attempt in 0...repeats {
            let started = ContinuousClock.now
            let (state, version) = try await executor.load(
                Investor.self, stream, codec: .investor, snapshotCodec: .investor)
            let elapsed = started.duration(to: .now)
            guard state == expected, version == events else {
                throw BenchError("loading \(stream) gave version \(version) and a state other than the history's")
            }
            if attempt > 0 { samples.append(PostgresAppendBaseline.micros(elapsed)) }
        }
        return samples
    }

    /// Registration, an opening balance, then bids and releases alternately: a busy investor.
    private static func history(of id: InvestorID, count: Int) -> [Investor.Event] {
        var history: [Investor.Event] = [.created(id), .fundsAdded(Money(minorUnits: Cast.richBalance))]
        while history.count < count {
            history.append(
                history.count.isMultiple(of: 2)
                    ? .bidOnInvoicePlaced(invoice: InvoiceID(UUID()), amount: Money(minorUnits: 1_000))
                    : .fundsReleased(Money(minorUnits: 1_000)))
        }
        return Array(history.prefix(count))
    }

    private func dropDatabase() async throws {
        let name = URLComponents(string: url)?.path.split(separator: "/").last.map(String.init) ?? ""
        guard !name.isEmpty else { return }
        let maintenance = try await PostgresConnection.connect(
            url: try DatabaseURL.replacingDatabase(in: url, with: "postgres"), logger: logger)
        defer { maintenance.close() }
        try await maintenance.execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
    }
}

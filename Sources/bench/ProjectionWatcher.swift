import Foundation
import Logging
import Postgres
import Synchronization

/// Measures projection lag: for each event the feed reports on `financing.events`, the time until the
/// read model's row of that aggregate shows a version at least the event's.
///
/// The read models hold no timestamps, so this polls them; a lag is the start of the first poll
/// that saw the version minus the event's time on the bus, hence rounded up by at most one polling
/// interval plus one query (plus the feed's delay, when the row showed the version before the feed
/// reported the event).
final class ProjectionWatcher: Sendable {
    private struct Expectation {
        let version: Int
        let arrival: Int64
    }

    private struct State {
        var enabled = false
        var pending: [UUID: (table: ReadModelTable, expectations: [Expectation])] = [:]
        var lags: [Int64] = []
    }

    private let pool: PostgresPool
    private let interval: Duration
    private let logger: Logger
    private let state = Mutex(State())

    init(pool: PostgresPool, interval: Duration, logger: Logger) {
        self.pool = pool
        self.interval = interval
        self.logger = logger
    }

    /// Starts (or stops) taking events into account.
    func setEnabled(_ enabled: Bool) {
        state.withLock { $0.enabled = enabled }
    }

    /// An event of the aggregate was on the bus at `arrival`.
    func expect(aggregateType: String, id: UUID, version: Int, arrival: Int64) {
        guard let table = ReadModelTable(aggregateType: aggregateType) else { return }
        state.withLock { state in
            guard state.enabled else { return }
            state.pending[id, default: (table, [])].expectations.append(Expectation(version: version, arrival: arrival))
        }
    }

    var pendingCount: Int {
        state.withLock { $0.pending.values.reduce(0) { $0 + $1.expectations.count } }
    }

    var lags: [Int64] { state.withLock { $0.lags } }

    /// Polls until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            do {
                try await pollOnce()
            } catch {
                logger.warning("reading the read models failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func pollOnce() async throws {
        let pollStart = WallClock.nowMicros()
        let wanted = state.withLock { state in
            Dictionary(grouping: state.pending, by: { $0.value.table }).mapValues { $0.map { $0.key } }
        }
        guard !wanted.isEmpty else { return }
        var visible: [UUID: Int] = [:]
        for (table, ids) in wanted {
            for start in stride(from: 0, to: ids.count, by: 1_000) {
                let chunk = ids[start..<min(start + 1_000, ids.count)]
                let array = "{" + chunk.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
                let rows = try await pool.withConnection { connection in
                    try await connection.query(table.versionQuery, [array])
                }
                for row in rows { visible[try row.uuid("id")] = try row.int("version") }
            }
        }
        state.withLock { state in
            for (id, version) in visible {
                guard var entry = state.pending[id] else { continue }
                entry.expectations.removeAll { expectation in
                    guard expectation.version <= version, expectation.arrival <= pollStart else { return false }
                    state.lags.append(pollStart - expectation.arrival)
                    return true
                }
                state.pending[id] = entry.expectations.isEmpty ? nil : entry
            }
        }
    }
}

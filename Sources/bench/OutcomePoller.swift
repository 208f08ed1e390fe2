import Foundation
import Logging
import Postgres

/// Reads the outcomes of pending commands from the event store (`command_outcomes` joined with
/// `commands`) and hands succeeded sales to the invoice pool.
///
/// Latencies come from the rows' own timestamps, so the polling interval only delays when the
/// bench learns an outcome (and when sold invoices become biddable), not what it measures. Each
/// poll asks about the oldest pending commands only, so a large backlog does not turn the bench
/// into a load on PostgreSQL of its own.
struct OutcomePoller: Sendable {
    let pool: PostgresPool
    let tracker: CommandTracker
    let invoices: InvoicePool
    let interval: Duration
    let logger: Logger

    static let query = """
        SELECT o.command_id, o.state, o.reason,
               (extract(epoch FROM o.completed_at) * 1000000)::bigint AS completed_us,
               (extract(epoch FROM c.accepted_at) * 1000000)::bigint AS accepted_us
        FROM command_outcomes o JOIN commands c ON c.command_id = o.command_id
        WHERE o.command_id = ANY($1::uuid[])
        """

    /// Polls until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            var resolved = 0
            do {
                resolved = try await pollOnce()
            } catch {
                logger.warning("reading outcomes failed", metadata: ["error": "\(error)"])
            }
            // Catching up: ask again at once while most of the asked-about commands had an outcome.
            if resolved < Self.batch / 2 { try? await Task.sleep(for: interval) }
        }
    }

    static let batch = 500

    /// Resolves what it can of the oldest pending commands; returns how many had an outcome.
    func pollOnce() async throws -> Int {
        let pending = tracker.oldestPending(limit: Self.batch)
        guard !pending.isEmpty else { return 0 }
        let ids = "{" + pending.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
        let rows = try await pool.withConnection { connection in try await connection.query(Self.query, [ids]) }
        let outcomes = try rows.map { row in
            OutcomeRow(
                commandID: try row.uuid("command_id"), succeeded: try row.string("state") == "SUCCEEDED",
                reason: try row.optionalString("reason"), acceptedAtMicros: try row.int64("accepted_us"),
                completedAtMicros: try row.int64("completed_us"))
        }
        for sale in tracker.resolve(outcomes) { invoices.addAvailable(sale) }
        return outcomes.count
    }
}

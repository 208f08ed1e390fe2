import Foundation
import Logging
import Postgres

/// Waits, after the faults stopped, until the system has nothing left to do: every recorded
/// command has an outcome, every event is published, every saga step happened, the projections
/// caught up. Meanwhile it settles (approves or reverses) every financed invoice, so that at the
/// end no money may rightly remain reserved.
struct Quiescence: Sendable {
    let eventStoreURL: String
    let readModelURL: String
    let workload: Workload
    let logger: Logger

    /// What is still outstanding in one look.
    private struct Outstanding: Equatable, CustomStringConvertible {
        var events = 0
        var withoutOutcome = 0
        var unpublished = 0
        var pendingSagas = 0
        var financed = 0
        var projectionLag = 0

        var isQuiet: Bool {
            withoutOutcome == 0 && unpublished == 0 && pendingSagas == 0 && financed == 0 && projectionLag == 0
        }

        var description: String {
            "\(events) events; outstanding: \(withoutOutcome) outcomes, \(unpublished) unpublished, "
                + "\(pendingSagas) saga steps, \(financed) financed invoices, " + projection
        }

        /// The read models are read after the events: negative means events were stored in between.
        private var projection: String {
            projectionLag < 0
                ? "read models ahead of that read (events still being stored)"
                : "read models \(projectionLag) versions behind"
        }
    }

    /// Returns true once two looks in a row found nothing outstanding, false at `timeout`.
    func wait(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        var previous: Outstanding?
        var settledAt: [UUID: ContinuousClock.Instant] = [:]
        var lastReport = ContinuousClock.now
        while ContinuousClock.now < deadline {
            do {
                let log = try await EventLog.load(url: eventStoreURL, logger: logger)
                var now = try await outstanding(log)
                // A settlement that was refused, or never accepted because of a fault, is sent again after a
                // while; not one still waiting for its outcome: a backlog would only grow (with thousands of
                // financed invoices, resending every 20 s added ~250 commands/s to a handler already behind).
                let waiting = try await invoicesWithPendingCommands()
                let due = log.financedInvoices.filter {
                    !waiting.contains($0) && (settledAt[$0].map { ContinuousClock.now - $0 > .seconds(20) } ?? true)
                }
                for invoice in due { settledAt[invoice] = ContinuousClock.now }
                await settle(due)
                now.financed = log.financedInvoices.count
                if now.isQuiet, now == previous { return true }
                if ContinuousClock.now - lastReport > .seconds(10) {
                    logger.info("quiescence: waiting", metadata: ["state": "\(now)"])
                    lastReport = ContinuousClock.now
                }
                previous = now
            } catch {
                logger.warning("quiescence: look failed", metadata: ["error": "\(error)"])
                previous = nil
            }
            try? await Task.sleep(for: .seconds(2))
        }
        return false
    }

    private func outstanding(_ log: EventLog) async throws -> Outstanding {
        var outstanding = Outstanding()
        outstanding.events = log.events.count
        outstanding.unpublished = log.events.filter { !$0.published }.count
        outstanding.pendingSagas = log.pendingSagas.count
        let store = try await PostgresConnection.connect(url: eventStoreURL, logger: logger)
        defer { store.close() }
        outstanding.withoutOutcome =
            try await store.query(
                """
                SELECT count(*) AS n FROM commands c
                WHERE NOT EXISTS (SELECT 1 FROM command_outcomes o WHERE o.command_id = c.command_id)
                """
            ).first?.int("n") ?? 0
        let stored = log.streams.values.reduce(0) { $0 + ($1.last?.version ?? 0) }
        let readModels = try await PostgresConnection.connect(url: readModelURL, logger: logger)
        defer { readModels.close() }
        let projected =
            try await readModels.query(
                """
                SELECT (SELECT coalesce(sum(version), 0) FROM investors) + (SELECT coalesce(sum(version), 0) FROM invoices)
                    + (SELECT coalesce(sum(version), 0) FROM issuers) AS v
                """
            ).first?.int("v") ?? 0
        outstanding.projectionLag = stored - projected
        return outstanding
    }

    /// Targets of accepted commands that have no outcome yet.
    private func invoicesWithPendingCommands() async throws -> Set<UUID> {
        let store = try await PostgresConnection.connect(url: eventStoreURL, logger: logger)
        defer { store.close() }
        let rows = try await store.query(
            """
            SELECT DISTINCT target_id FROM commands c
            WHERE NOT EXISTS (SELECT 1 FROM command_outcomes o WHERE o.command_id = c.command_id)
            """)
        return Set(try rows.map { try $0.uuid("target_id") })
    }

    /// Approves or reverses each invoice, eight at a time.
    private func settle(_ invoices: [UUID]) async {
        for start in stride(from: 0, to: invoices.count, by: 8) {
            await withTaskGroup(of: Void.self) { group in
                for invoice in invoices[start..<min(start + 8, invoices.count)] {
                    group.addTask { await workload.settle(invoice: invoice, approve: Bool.random()) }
                }
            }
        }
    }
}

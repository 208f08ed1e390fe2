import Foundation
import Logging
import Postgres

/// The whole event store, read at once after the run, and what follows from it: money per
/// investor, saga steps still owed, invoices still financed, gaps in versions, repeated effects.
struct EventLog: Sendable {
    let events: [StoredEvent]

    /// Reads every event in commit order.
    static func load(url: String, logger: Logger) async throws -> EventLog {
        let connection = try await PostgresConnection.connect(url: url, logger: logger)
        defer { connection.close() }
        let rows = try await connection.query("SELECT \(StoredEvent.columns) FROM events ORDER BY position")
        return EventLog(events: try rows.map(StoredEvent.init(row:)))
    }

    /// Each aggregate's events in version order.
    var streams: [UUID: [StoredEvent]] {
        Dictionary(grouping: events, by: \.aggregateID).mapValues { $0.sorted { $0.version < $1.version } }
    }

    /// Every investor's money, replayed.
    var ledgers: [UUID: InvestorLedger] {
        streams.filter { $0.value.first?.aggregateType == "Investor" }.mapValues { stream in
            var ledger = InvestorLedger()
            for event in stream { ledger.apply(event) }
            return ledger
        }
    }

    /// Events whose saga step (SPEC §1, use cases 5–11) must change another aggregate.
    var sagaSources: [StoredEvent] {
        events.filter { event in
            switch event.type {
            case "BidOnInvoicePlaced", "BidOnInvoiceRejected", "InvoiceApproved", "InvoiceReversed": true
            case "InvoiceFinanced": (event.payload.bid?.amount ?? 0) > (event.payload.askingPrice ?? 0)
            default: false
            }
        }
    }

    /// The ids that caused at least one event.
    var causes: Set<UUID> { Set(events.compactMap(\.causationID)) }

    /// Saga steps still owed: a source event nothing was caused by yet.
    var pendingSagas: [StoredEvent] {
        let causes = causes
        return sagaSources.filter { !causes.contains($0.eventID) }
    }

    /// Invoices whose status is FINANCED: money reserved until approved or reversed. Their last
    /// status change decides; a BidOnInvoiceRejected after the financing changes no status.
    var financedInvoices: [UUID] {
        let statusChanges: Set = ["InvoiceCreated", "InvoiceFinanced", "InvoiceApproved", "InvoiceReversed"]
        return streams.compactMap { id, stream in
            stream.last { statusChanges.contains($0.type) }?.type == "InvoiceFinanced" ? id : nil
        }
    }

    /// Aggregates whose versions are not exactly 1…n.
    var versionGaps: [(UUID, [Int])] {
        streams.compactMap { id, stream in
            let versions = stream.map(\.version)
            return versions == Array(1...versions.count) ? nil : (id, versions)
        }
    }

    /// Effects applied more than once: the same cause, aggregate and event type repeated.
    /// One message changes one aggregate once, and never raises two events of one type.
    var repeatedEffects: [(cause: UUID, type: String, count: Int)] {
        var counts: [String: (UUID, String, Int)] = [:]
        for event in events {
            guard let cause = event.causationID else { continue }
            let key = "\(cause)|\(event.aggregateID)|\(event.type)"
            counts[key, default: (cause, event.type, 0)].2 += 1
        }
        return counts.values.filter { $0.2 > 1 }.map { (cause: $0.0, type: $0.1, count: $0.2) }
    }

    /// Money each investor should have had released and committed by the sagas, from the
    /// invoice-side events; compared with what its own events say.
    var expectedSagaMoney: [UUID: (released: Int64, committed: Int64)] {
        var expected: [UUID: (released: Int64, committed: Int64)] = [:]
        for event in events {
            guard let bid = event.payload.bid else { continue }
            let asking = event.payload.askingPrice ?? 0
            switch event.type {
            case "InvoiceFinanced": expected[bid.investorID, default: (0, 0)].released += bid.amount - asking
            case "BidOnInvoiceRejected": expected[bid.investorID, default: (0, 0)].released += bid.amount
            case "InvoiceReversed": expected[bid.investorID, default: (0, 0)].released += asking
            case "InvoiceApproved": expected[bid.investorID, default: (0, 0)].committed += asking
            default: continue
            }
        }
        return expected
    }

    /// Money the investors' own events released and committed.
    var actualSagaMoney: [UUID: (released: Int64, committed: Int64)] {
        var actual: [UUID: (released: Int64, committed: Int64)] = [:]
        for event in events where event.aggregateType == "Investor" {
            let amount = event.payload.amount ?? 0
            switch event.type {
            case "InvestorFundsReleased": actual[event.aggregateID, default: (0, 0)].released += amount
            case "InvestorFundsCommitted": actual[event.aggregateID, default: (0, 0)].committed += amount
            default: continue
            }
        }
        return actual
    }
}

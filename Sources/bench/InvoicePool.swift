import Synchronization

import struct Foundation.UUID

/// What the clients know about the bench's invoices, so each intent of the mix finds a target
/// that makes it behave as intended (a financing bid on an available invoice, an approval on a
/// financed one…). It learns from outcomes (sales that succeeded) and from the event feed
/// (invoices financed), never by asking the service.
final class InvoicePool: Sendable {
    private struct State {
        /// On sale and not bid on by the bench yet.
        var available: [Sale] = []
        /// Bid on by a financing bid; not yet seen financed.
        var claimed: Set<UUID> = []
        /// Seen financed and not yet approved or reversed by the bench.
        var financed: [UUID] = []
        /// Seen financed at some point: any later bid on them loses. Bounded ring.
        var settled: [UUID] = []
        var settledNext = 0
    }

    private static let settledCapacity = 4_096
    private let state = Mutex(State())

    /// A sale whose outcome was SUCCEEDED: the invoice can be bid on.
    func addAvailable(_ sale: Sale) {
        state.withLock { $0.available.append(sale) }
    }

    /// Takes an available invoice for a financing bid; nobody else will bid on it to win.
    func claimAvailable<G: RandomNumberGenerator>(using generator: inout G) -> Sale? {
        state.withLock { state in
            guard !state.available.isEmpty else { return nil }
            let index = Int.random(in: 0..<state.available.count, using: &generator)
            state.available.swapAt(index, state.available.count - 1)
            let sale = state.available.removeLast()
            state.claimed.insert(sale.invoice)
            return sale
        }
    }

    /// An invoice that exists, for a bid that is meant to fail for another reason.
    func anyExisting<G: RandomNumberGenerator>(using generator: inout G) -> UUID? {
        state.withLock { state in
            if !state.settled.isEmpty { return state.settled.randomElement(using: &generator) }
            return state.available.randomElement(using: &generator)?.invoice
        }
    }

    /// An invoice already financed, so a bid on it loses.
    func anySettled<G: RandomNumberGenerator>(using generator: inout G) -> UUID? {
        state.withLock { $0.settled.randomElement(using: &generator) }
    }

    /// Called for each `InvoiceFinanced` on the bus; only the bench's own claimed invoices count.
    func markFinanced(_ invoice: UUID) {
        state.withLock { state in
            guard state.claimed.remove(invoice) != nil else { return }
            state.financed.append(invoice)
            if state.settled.count < Self.settledCapacity {
                state.settled.append(invoice)
            } else {
                state.settled[state.settledNext] = invoice
                state.settledNext = (state.settledNext + 1) % Self.settledCapacity
            }
        }
    }

    /// Takes a financed invoice for an approval or a reversal (each invoice gets one of them).
    func takeFinanced<G: RandomNumberGenerator>(using generator: inout G) -> UUID? {
        state.withLock { state in
            guard !state.financed.isEmpty else { return nil }
            let index = Int.random(in: 0..<state.financed.count, using: &generator)
            state.financed.swapAt(index, state.financed.count - 1)
            return state.financed.removeLast()
        }
    }

    var availableCount: Int { state.withLock { $0.available.count } }
}

import Foundation

/// What the clients know of the world, to aim their requests: who is registered, which invoices
/// are on sale, which were bid on (candidates for approval or reversal). Only a guide: a request
/// aimed badly is rejected by the domain, which the checkers accept as an outcome.
actor WorkloadState {
    /// An invoice a client put on sale.
    struct Invoice: Sendable {
        let id: UUID
        let askingPrice: Int64
    }

    private(set) var issuers: [UUID] = []
    private(set) var investors: [UUID] = []
    private var onSale: [Invoice] = []
    private var bidOn: [UUID] = []
    /// Set while the handlers' backlog is too long: clients then wait.
    private(set) var throttled = false

    func setThrottled(_ value: Bool) { throttled = value }

    func addIssuer(_ id: UUID) { issuers.append(id) }

    func addInvestor(_ id: UUID) { investors.append(id) }

    func addInvoice(_ invoice: Invoice) {
        onSale.append(invoice)
        // The recent ones are the ones worth bidding on: keep the list short.
        if onSale.count > 200 { onSale.removeFirst(onSale.count - 200) }
    }

    func randomIssuer() -> UUID? { issuers.randomElement() }

    func randomInvestor() -> UUID? { investors.randomElement() }

    /// An invoice to bid on, among the most recent.
    func invoiceToBidOn() -> Invoice? {
        onSale.suffix(40).randomElement()
    }

    /// Notes a bid; a second bid on the same invoice now and then tests the race for it.
    func noteBid(on invoice: UUID) {
        bidOn.append(invoice)
        if Bool.random(), let index = onSale.firstIndex(where: { $0.id == invoice }) { onSale.remove(at: index) }
    }

    /// Takes an invoice that was bid on, to approve or reverse it.
    func takeBidOn() -> UUID? {
        guard !bidOn.isEmpty else { return nil }
        return bidOn.remove(at: Int.random(in: 0..<bidOn.count))
    }
}

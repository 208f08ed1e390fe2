/// The choreography that spans aggregates (SPEC §1 rows 5, 6, 7, 9 and 11), as a pure process: an
/// event of one aggregate becomes at most one command to another. No I/O: the handler runs it on
/// events from the event store, and the property tests run the very same function.
public enum FinancingSaga {
    /// What an event asks of another aggregate.
    public enum Reaction: Sendable, Hashable {
        /// The invoice considers a bid placed on it.
        case invoice(InvoiceID, Invoice.Command)
        /// The investor's funds are released or committed.
        case investor(InvestorID, Investor.Command)

        /// The aggregate the reaction changes.
        public var target: String {
            switch self {
            case .invoice(let id, _): id.description
            case .investor(let id, _): id.description
            }
        }
    }

    /// Row 5: a placed bid asks the invoice to consider it.
    public static func react(to event: Investor.Event, of investor: InvestorID) -> Reaction? {
        guard case .bidOnInvoicePlaced(let invoice, let amount) = event else { return nil }
        return .invoice(invoice, .considerBid(Bid(investor: investor, amount: amount)))
    }

    /// Rows 6, 7, 9 and 11: what the invoice decided moves the bidder's reserved funds.
    public static func react(to event: Invoice.Event) -> Reaction? {
        switch event {
        case .created:
            return nil
        case .financed(let askingPrice, let bid):
            // Financed at exactly the asking price: nothing to give back.
            guard let excess = bid.amount.subtracting(askingPrice), excess.isPositive else { return nil }
            return .investor(bid.investor, .releaseFunds(excess))
        case .bidRejected(let bid):
            return .investor(bid.investor, .releaseFunds(bid.amount))
        case .approved(let askingPrice, let bid):
            return .investor(bid.investor, .commitFunds(askingPrice))
        case .reversed(let askingPrice, let bid):
            return .investor(bid.investor, .releaseFunds(askingPrice))
        }
    }
}

extension Investor {
    /// What happened to an investor (SPEC §4).
    public enum Event: Hashable, Sendable {
        /// The investor exists (`InvestorCreated`).
        case created(InvestorID)
        /// Money arrived on the balance (`InvestorFundsAdded`).
        case fundsAdded(Money)
        /// A bid moved money from balance to reserved (`BidOnInvoicePlaced`).
        case bidOnInvoicePlaced(invoice: InvoiceID, amount: Money)
        /// Reserved money went back to the balance (`InvestorFundsReleased`).
        case fundsReleased(Money)
        /// Reserved money was paid for a financing (`InvestorFundsCommitted`).
        case fundsCommitted(Money)

        /// The stable wire name (`message_type`).
        public var name: String {
            switch self {
            case .created: "InvestorCreated"
            case .fundsAdded: "InvestorFundsAdded"
            case .bidOnInvoicePlaced: "BidOnInvoicePlaced"
            case .fundsReleased: "InvestorFundsReleased"
            case .fundsCommitted: "InvestorFundsCommitted"
            }
        }
    }
}

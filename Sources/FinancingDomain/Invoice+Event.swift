extension Invoice {
    /// What happened to an invoice (SPEC §4).
    public enum Event: Hashable, Sendable {
        /// The invoice is on sale (`InvoiceCreated`).
        case created(Listing)
        /// A bid at or above the asking price won (`InvoiceFinanced`).
        case financed(askingPrice: Money, bid: Bid)
        /// A bid lost: too low, or the invoice was no longer available (`BidOnInvoiceRejected`).
        case bidRejected(Bid)
        /// The financing was approved (`InvoiceApproved`).
        case approved(askingPrice: Money, bid: Bid)
        /// The financing was reversed (`InvoiceReversed`).
        case reversed(askingPrice: Money, bid: Bid)

        /// The stable wire name (`message_type`).
        public var name: String {
            switch self {
            case .created: "InvoiceCreated"
            case .financed: "InvoiceFinanced"
            case .bidRejected: "BidOnInvoiceRejected"
            case .approved: "InvoiceApproved"
            case .reversed: "InvoiceReversed"
            }
        }
    }
}

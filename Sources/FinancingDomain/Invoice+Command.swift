extension Invoice {
    /// What can be asked of an invoice.
    public enum Command: Hashable, Sendable {
        /// An issuer puts the invoice on sale; `issuerExists` is looked up before deciding.
        case sell(id: InvoiceID, issuer: IssuerID, askingPrice: Money, issuerExists: Bool)
        /// A bid was placed on this invoice by an investor (policy on `BidOnInvoicePlaced`).
        case considerBid(Bid)
        /// The financing is approved.
        case approveFinancing
        /// The financing is reversed.
        case reverseFinancing
    }
}

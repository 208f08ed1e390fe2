extension Investor {
    /// What can be asked of an investor.
    public enum Command: Hashable, Sendable {
        /// Registering announced the investor with an opening balance (`InvestorRegistered`).
        case register(id: InvestorID, openingBalance: Money)
        /// The investor bids on an invoice; `invoiceExists` is looked up before deciding.
        case placeBid(invoice: InvoiceID, amount: Money, invoiceExists: Bool)
        /// Reserved funds go back to the balance (bid rejected, excess over the asking price, reversal).
        case releaseFunds(Money)
        /// Reserved funds are paid for an approved financing.
        case commitFunds(Money)
    }
}

/// An investor's offer on an invoice.
public struct Bid: Hashable, Sendable {
    /// Who bids.
    public let investor: InvestorID
    /// How much the investor reserved for it.
    public let amount: Money

    /// Makes a bid.
    public init(investor: InvestorID, amount: Money) {
        self.investor = investor
        self.amount = amount
    }
}

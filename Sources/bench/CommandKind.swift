/// What the load generator asks the service to do; each kind is one intent of the mix.
enum CommandKind: String, CaseIterable, Codable, Sendable {
    /// An issuer puts a new invoice on sale.
    case sell = "sell_invoice"
    /// A bid of at least the asking price on an available invoice: it finances the invoice.
    case financingBid = "bid_financing"
    /// A bid on an invoice already financed: the investor's bid is accepted, then rejected by the invoice.
    case losingBid = "bid_on_financed_invoice"
    /// A bid from an investor without the funds: the command is rejected (insufficient balance).
    case poorBid = "bid_insufficient_balance"
    /// Approving a financed invoice.
    case approve = "approve_financing"
    /// Reversing a financed invoice.
    case reverse = "reverse_financing"

    /// A few letters for the table.
    var shortName: String {
        switch self {
        case .sell: "sell"
        case .financingBid: "bid"
        case .losingBid: "outbid"
        case .poorBid: "poor"
        case .approve: "approve"
        case .reverse: "reverse"
        }
    }
}

/// A domain event as SPEC §4 describes it: its `message_type`, `aggregate_type` and exact JSON payload.
struct ExpectedEvent: Hashable, Sendable, CustomStringConvertible {
    let type: String
    let aggregateType: String
    let payload: JSON

    var description: String { "\(type)(\(aggregateType)) \(payload)" }
}

// MARK: Investor events

extension ExpectedEvent {
    static func investorCreated(_ investor: String) -> Self {
        Self(type: "InvestorCreated", aggregateType: "Investor", payload: ["investor_id": .string(investor)])
    }

    static func investorFundsAdded(_ investor: String, amount: Int64) -> Self {
        Self(
            type: "InvestorFundsAdded", aggregateType: "Investor",
            payload: ["investor_id": .string(investor), "amount": .integer(amount)])
    }

    static func bidOnInvoicePlaced(_ investor: String, invoice: String, amount: Int64) -> Self {
        Self(
            type: "BidOnInvoicePlaced", aggregateType: "Investor",
            payload: ["investor_id": .string(investor), "invoice_id": .string(invoice), "bid_amount": .integer(amount)])
    }

    static func investorFundsReleased(_ investor: String, amount: Int64) -> Self {
        Self(
            type: "InvestorFundsReleased", aggregateType: "Investor",
            payload: ["investor_id": .string(investor), "amount": .integer(amount)])
    }

    static func investorFundsCommitted(_ investor: String, amount: Int64) -> Self {
        Self(
            type: "InvestorFundsCommitted", aggregateType: "Investor",
            payload: ["investor_id": .string(investor), "amount": .integer(amount)])
    }

    /// What registering an investor with `balance` raises (SPEC §1 row 1).
    static func registered(investor: String, balance: Int64) -> [Self] {
        [.investorCreated(investor), .investorFundsAdded(investor, amount: balance)]
    }
}

// MARK: Issuer and invoice events

extension ExpectedEvent {
    static func issuerCreated(_ issuer: String) -> Self {
        Self(type: "IssuerCreated", aggregateType: "Issuer", payload: ["issuer_id": .string(issuer)])
    }

    static func invoiceCreated(_ invoice: String, issuer: String, askingPrice: Int64) -> Self {
        Self(
            type: "InvoiceCreated", aggregateType: "Invoice",
            payload: [
                "invoice_id": .string(invoice), "issuer_id": .string(issuer), "asking_price": .integer(askingPrice),
            ])
    }

    static func invoiceFinanced(_ invoice: String, askingPrice: Int64, bidder: String, bid: Int64) -> Self {
        settlement("InvoiceFinanced", invoice, askingPrice: askingPrice, bidder: bidder, bid: bid)
    }

    static func invoiceApproved(_ invoice: String, askingPrice: Int64, bidder: String, bid: Int64) -> Self {
        settlement("InvoiceApproved", invoice, askingPrice: askingPrice, bidder: bidder, bid: bid)
    }

    static func invoiceReversed(_ invoice: String, askingPrice: Int64, bidder: String, bid: Int64) -> Self {
        settlement("InvoiceReversed", invoice, askingPrice: askingPrice, bidder: bidder, bid: bid)
    }

    static func bidOnInvoiceRejected(_ invoice: String, bidder: String, bid: Int64) -> Self {
        Self(
            type: "BidOnInvoiceRejected", aggregateType: "Invoice",
            payload: [
                "invoice_id": .string(invoice), "bid": ["investor_id": .string(bidder), "amount": .integer(bid)],
            ])
    }

    private static func settlement(_ type: String, _ invoice: String, askingPrice: Int64, bidder: String, bid: Int64)
        -> Self
    {
        Self(
            type: type, aggregateType: "Invoice",
            payload: [
                "invoice_id": .string(invoice), "asking_price": .integer(askingPrice),
                "bid": ["investor_id": .string(bidder), "amount": .integer(bid)],
            ])
    }
}

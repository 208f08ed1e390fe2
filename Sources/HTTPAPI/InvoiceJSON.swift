import FinancingAPI

/// An invoice as the read model has it; `winning_bid.investor_id` is null unless the caller may
/// see it (the query use case has already blanked it).
struct InvoiceJSON: Encodable {
    let invoice: Financing_V1_Invoice

    enum CodingKeys: String, CodingKey {
        case invoiceID = "invoice_id"
        case issuerID = "issuer_id"
        case askingPrice = "asking_price"
        case status
        case winningBid = "winning_bid"
    }

    enum BidKeys: String, CodingKey {
        case investorID = "investor_id"
        case amount
    }

    static let statusNames: [Financing_V1_InvoiceStatus: String] = [
        .available: "AVAILABLE", .financed: "FINANCED", .approved: "APPROVED", .reversed: "REVERSED",
    ]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(invoice.invoiceID, forKey: .invoiceID)
        try container.encode(invoice.issuerID, forKey: .issuerID)
        try container.encode(invoice.askingPrice.minorUnits, forKey: .askingPrice)
        try container.encode(Self.statusNames[invoice.status] ?? "UNKNOWN", forKey: .status)
        if invoice.hasWinningBid {
            var bid = container.nestedContainer(keyedBy: BidKeys.self, forKey: .winningBid)
            let investor = invoice.winningBid.investorID
            try bid.encode(investor.isEmpty ? nil : investor, forKey: .investorID)
            try bid.encode(invoice.winningBid.amount.minorUnits, forKey: .amount)
        } else {
            try container.encodeNil(forKey: .winningBid)
        }
    }
}

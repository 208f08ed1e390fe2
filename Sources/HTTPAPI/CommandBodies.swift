/// `POST /v1/invoices`: the issuer selling and its asking price in minor units.
struct SellInvoiceBody {
    let issuerID: String?
    let askingPrice: Int64?

    init(_ body: JSONBody) throws(APIError) {
        issuerID = try body.string("issuer_id")
        askingPrice = try body.minorUnits("asking_price")
    }
}

/// `POST /v1/invoices/{id}/bids`: the investor bidding and its bid in minor units.
struct BidBody {
    let investorID: String?
    let bid: Int64?

    init(_ body: JSONBody) throws(APIError) {
        investorID = try body.string("investor_id")
        bid = try body.minorUnits("bid")
    }
}

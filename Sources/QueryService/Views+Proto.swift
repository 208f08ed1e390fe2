import FinancingAPI
import Projections

extension Financing_V1_Investor {
    init(_ view: InvestorView) {
        self.init()
        investorID = view.id.description
        name = view.name
        balance = Financing_V1_Money(view.balance)
        reserved = Financing_V1_Money(view.reserved)
        committed = Financing_V1_Money(view.committed)
    }
}

extension Financing_V1_Issuer {
    init(_ view: IssuerView) {
        self.init()
        issuerID = view.id.description
        name = view.name
    }
}

extension Financing_V1_Invoice {
    init(_ view: InvoiceView) {
        self.init()
        invoiceID = view.id.description
        issuerID = view.issuer.description
        askingPrice = Financing_V1_Money(view.askingPrice)
        status = Financing_V1_InvoiceStatus(view.status)
        if let bid = view.winningBid {
            var winning = Financing_V1_WinningBid()
            winning.investorID = bid.investor.description
            winning.amount = Financing_V1_Money(bid.amount)
            winningBid = winning
        }
    }
}

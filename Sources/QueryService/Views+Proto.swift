import Authentication
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
    /// The invoice as `caller` may see it: the winning bid's amount to anyone, its investor's id
    /// only to that investor, the invoice's issuer and operators (empty for everyone else).
    init(_ view: InvoiceView, shownTo caller: Caller) {
        self.init()
        invoiceID = view.id.description
        issuerID = view.issuer.description
        askingPrice = Financing_V1_Money(view.askingPrice)
        status = Financing_V1_InvoiceStatus(view.status)
        if let bid = view.winningBid {
            var winning = Financing_V1_WinningBid()
            if AccessPolicy.revealsWinningInvestor(
                to: caller, investorID: bid.investor.description, issuerID: view.issuer.description)
            {
                winning.investorID = bid.investor.description
            }
            winning.amount = Financing_V1_Money(bid.amount)
            winningBid = winning
        }
    }
}

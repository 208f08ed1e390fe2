import FinancingDomain

/// An investor as the queries show it.
public struct InvestorView: Sendable, Hashable {
    public let id: InvestorID
    public let name: String
    public let balance: Money
    public let reserved: Money
    public let committed: Money

    public init(id: InvestorID, name: String, balance: Money, reserved: Money, committed: Money) {
        self.id = id
        self.name = name
        self.balance = balance
        self.reserved = reserved
        self.committed = committed
    }
}

/// An issuer as the queries show it.
public struct IssuerView: Sendable, Hashable {
    public let id: IssuerID
    public let name: String

    public init(id: IssuerID, name: String) {
        self.id = id
        self.name = name
    }
}

/// An invoice as the queries show it.
public struct InvoiceView: Sendable, Hashable {
    public let id: InvoiceID
    public let issuer: IssuerID
    public let askingPrice: Money
    public let status: Invoice.Status
    public let winningBid: Bid?

    public init(id: InvoiceID, issuer: IssuerID, askingPrice: Money, status: Invoice.Status, winningBid: Bid?) {
        self.id = id
        self.issuer = issuer
        self.askingPrice = askingPrice
        self.status = status
        self.winningBid = winningBid
    }
}

/// One page of a list ordered by id; `nextAfter` is where the next page starts, nil on the last.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextAfter: String?

    public init(items: [Item], nextAfter: String?) {
        self.items = items
        self.nextAfter = nextAfter
    }
}

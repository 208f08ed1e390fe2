import FinancingDomain

/// Fixed ids and amounts shared by the example-based suites, so each test reads like SPEC §1.
enum Fixtures {
    static let alice = InvestorID("a11ce000-0000-4000-8000-000000000001")!
    static let bob = InvestorID("b0b00000-0000-4000-8000-000000000002")!
    static let carol = InvestorID("ca401000-0000-4000-8000-000000000003")!
    static let acme = IssuerID("acbe0000-0000-4000-8000-00000000000a")!
    static let globex = IssuerID("610be000-0000-4000-8000-00000000000b")!
    static let invoice = InvoiceID("1a701ce0-0000-4000-8000-0000000000f1")!
    static let otherInvoice = InvoiceID("1a701ce0-0000-4000-8000-0000000000f2")!

    /// ACME's invoice on sale for 1000.
    static let listing = Invoice.Listing(id: invoice, issuer: acme, askingPrice: .cents(1000))

    /// The history of an investor registered with this opening balance.
    static func registered(_ id: InvestorID = alice, balance: Int64) -> [Investor.Event] {
        balance > 0 ? [.created(id), .fundsAdded(.cents(balance))] : [.created(id)]
    }
}

extension Money {
    /// An amount in minor units: `.cents(500)` is 5.00.
    static func cents(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits) }

    /// The largest representable amount.
    static let max = Money(minorUnits: .max)
}

import FinancingDomain
import Testing

/// SPEC §1 row 3: `SellInvoice` needs an existing issuer and a positive asking price → `InvoiceCreated`.
@Suite("Invoice sale")
struct InvoiceSaleTests {
    let invoice = Fixtures.invoice
    let acme = Fixtures.acme
    let listing = Fixtures.listing

    @Test("an existing issuer puts an invoice on sale, available")
    func anExistingIssuerPutsAnInvoiceOnSale() {
        let state = Invoice.given()
            .when(.sell(id: invoice, issuer: acme, askingPrice: .cents(1000), issuerExists: true))
            .then([.created(listing)])
        #expect(state == .available(listing))
        #expect(state.status == .available)
        #expect(state.listing == listing)
        #expect(state.winningBid == nil)
    }

    @Test("an unknown issuer cannot sell an invoice")
    func anUnknownIssuerCannotSell() {
        Invoice.given()
            .when(.sell(id: invoice, issuer: acme, askingPrice: .cents(1000), issuerExists: false))
            .thenFails(.issuerNotFound(acme))
    }

    @Test("an asking price of zero or less is refused", arguments: [Int64(0), -1, -1000, .min])
    func anAskingPriceOfZeroOrLessIsRefused(price: Int64) {
        Invoice.given()
            .when(.sell(id: invoice, issuer: acme, askingPrice: .cents(price), issuerExists: true))
            .thenFails(.askingPriceNotPositive(.cents(price)))
    }

    @Test("the largest asking price is accepted")
    func theLargestAskingPriceIsAccepted() {
        let expensive = Invoice.Listing(id: invoice, issuer: acme, askingPrice: .max)
        Invoice.given()
            .when(.sell(id: invoice, issuer: acme, askingPrice: .max, issuerExists: true))
            .then([.created(expensive)])
    }

    @Test(
        "selling the same invoice twice is refused, whatever its status",
        arguments: [
            [Invoice.Event.created(Fixtures.listing)],
            [
                .created(Fixtures.listing),
                .financed(askingPrice: .cents(1000), bid: Bid(investor: Fixtures.alice, amount: .cents(1000))),
            ],
        ])
    func sellingTwiceIsRefused(history: [Invoice.Event]) {
        Invoice.given(history)
            .when(.sell(id: invoice, issuer: acme, askingPrice: .cents(500), issuerExists: true))
            .thenFails(.alreadyExists(invoice))
    }

    @Test("a fresh invoice has neither listing nor status")
    func aFreshInvoiceHasNeitherListingNorStatus() {
        #expect(Invoice.initialState == .initial)
        #expect(Invoice.initialState.listing == nil)
        #expect(Invoice.initialState.status == nil)
        #expect(Invoice.initialState.winningBid == nil)
    }

    @Test(
        "events and the aggregate carry their SPEC §4 wire names",
        arguments: [
            (Invoice.Event.created(Fixtures.listing), "InvoiceCreated"),
            (
                .financed(askingPrice: .cents(1), bid: Bid(investor: Fixtures.alice, amount: .cents(1))),
                "InvoiceFinanced"
            ),
            (.bidRejected(Bid(investor: Fixtures.alice, amount: .cents(1))), "BidOnInvoiceRejected"),
            (
                .approved(askingPrice: .cents(1), bid: Bid(investor: Fixtures.alice, amount: .cents(1))),
                "InvoiceApproved"
            ),
            (
                .reversed(askingPrice: .cents(1), bid: Bid(investor: Fixtures.alice, amount: .cents(1))),
                "InvoiceReversed"
            ),
        ])
    func eventsCarryTheirWireNames(event: Invoice.Event, name: String) {
        #expect(event.name == name)
        #expect(Invoice.aggregateType == "Invoice")
    }

    @Test("statuses print as SPEC §3 names, in lifecycle order")
    func statusesPrintAsSpecNames() {
        #expect(Invoice.Status.available.description == "AVAILABLE")
        #expect(Invoice.Status.financed.description == "FINANCED")
        #expect(Invoice.Status.approved.description == "APPROVED")
        #expect(Invoice.Status.reversed.description == "REVERSED")
        #expect(Invoice.Status.available < .financed)
        #expect(Invoice.Status.financed < .approved)
        #expect(Invoice.Status.financed < .reversed)
        #expect([0, 1, 2, 3].map(Invoice.Status.init(rawValue:)) == [.available, .financed, .approved, .reversed])
    }
}

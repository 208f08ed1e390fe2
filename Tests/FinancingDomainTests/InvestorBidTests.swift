import FinancingDomain
import Testing

/// SPEC §1 row 4: a bid needs the investor and the invoice, and at most the balance; it moves balance → reserved.
@Suite("Investor bidding")
struct InvestorBidTests {
    let alice = Fixtures.alice
    let invoice = Fixtures.invoice

    @Test("a bid within the balance is placed and moves money from balance to reserved")
    func aBidWithinTheBalanceIsPlaced() {
        let state = Investor.given(Fixtures.registered(balance: 1000))
            .when(.placeBid(invoice: invoice, amount: .cents(300), invoiceExists: true))
            .then([.bidOnInvoicePlaced(invoice: invoice, amount: .cents(300))])
        #expect(
            state
                == .active(
                    Investor.Account(
                        id: alice, balance: .cents(700), reserved: .cents(300),
                        fundsAdded: .cents(1000))))
    }

    @Test("a bid of the whole balance is placed")
    func aBidOfTheWholeBalanceIsPlaced() {
        let state = Investor.given(Fixtures.registered(balance: 1000))
            .when(.placeBid(invoice: invoice, amount: .cents(1000), invoiceExists: true))
            .then([.bidOnInvoicePlaced(invoice: invoice, amount: .cents(1000))])
        #expect(state == .active(Investor.Account(id: alice, reserved: .cents(1000), fundsAdded: .cents(1000))))
    }

    @Test(
        "a bid above the balance is refused with the balance and the bid",
        arguments: [
            (Int64(500), Int64(1000)), (0, 1), (999, 1000), (1, .max),
        ])
    func aBidAboveTheBalanceIsRefused(balance: Int64, bid: Int64) {
        Investor.given(Fixtures.registered(balance: balance))
            .when(.placeBid(invoice: invoice, amount: .cents(bid), invoiceExists: true))
            .thenFails(.insufficientBalance(available: .cents(balance), bid: .cents(bid)))
    }

    @Test("what is already reserved cannot be bid again")
    func whatIsReservedCannotBeBidAgain() {
        Investor.given(
            Fixtures.registered(balance: 1000) + [.bidOnInvoicePlaced(invoice: invoice, amount: .cents(800))]
        )
        .when(.placeBid(invoice: Fixtures.otherInvoice, amount: .cents(300), invoiceExists: true))
        .thenFails(.insufficientBalance(available: .cents(200), bid: .cents(300)))
    }

    @Test("a bid of zero or less is refused", arguments: [Int64(0), -1, -500, .min])
    func aBidOfZeroOrLessIsRefused(bid: Int64) {
        Investor.given(Fixtures.registered(balance: 1000))
            .when(.placeBid(invoice: invoice, amount: .cents(bid), invoiceExists: true))
            .thenFails(.amountNotPositive(.cents(bid)))
    }

    @Test("a bid on an unknown invoice is refused")
    func aBidOnAnUnknownInvoiceIsRefused() {
        Investor.given(Fixtures.registered(balance: 1000))
            .when(.placeBid(invoice: invoice, amount: .cents(300), invoiceExists: false))
            .thenFails(.invoiceNotFound(invoice))
    }

    @Test("a bid by an unregistered investor is refused")
    func aBidByAnUnregisteredInvestorIsRefused() {
        Investor.given()
            .when(.placeBid(invoice: invoice, amount: .cents(300), invoiceExists: true))
            .thenFails(.notFound)
    }

    @Test("several bids on several invoices reserve their sum")
    func severalBidsReserveTheirSum() {
        let state = Investor.replay(
            Fixtures.registered(balance: 1000) + [
                .bidOnInvoicePlaced(invoice: invoice, amount: .cents(300)),
                .bidOnInvoicePlaced(invoice: Fixtures.otherInvoice, amount: .cents(450)),
            ])
        #expect(
            state
                == .active(
                    Investor.Account(
                        id: alice, balance: .cents(250), reserved: .cents(750),
                        fundsAdded: .cents(1000))))
    }

    @Test("a bid at the largest amount is placed without overflow")
    func aBidAtTheLargestAmountIsPlaced() {
        Investor.given(Fixtures.registered(balance: .max))
            .when(.placeBid(invoice: invoice, amount: .max, invoiceExists: true))
            .then([.bidOnInvoicePlaced(invoice: invoice, amount: .max)])
    }

    @Test("a bid whose reservation would overflow is refused rather than trapping")
    func aBidWhoseReservationWouldOverflowIsRefused() {
        let inconsistent = Investor.Account(id: alice, balance: .cents(10), reserved: .max, fundsAdded: .max)
        Investor.given(state: .active(inconsistent))
            .when(.placeBid(invoice: invoice, amount: .cents(1), invoiceExists: true))
            .thenFails(.fundsOverflow)
    }
}

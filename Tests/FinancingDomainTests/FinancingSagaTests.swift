import FinancingDomain
import Testing

@Suite("FinancingSaga: what each event asks of another aggregate (SPEC §1 rows 5, 6, 7, 9, 11)")
struct FinancingSagaTests {
    private typealias F = Fixtures
    private static let bid = Bid(investor: F.alice, amount: .cents(1_200))
    private static let exact = Bid(investor: F.alice, amount: .cents(1_000))

    @Test("row 5: a placed bid asks the invoice to consider it, as the bidder's")
    func placedBid() {
        #expect(
            FinancingSaga.react(to: .bidOnInvoicePlaced(invoice: F.invoice, amount: .cents(1_200)), of: F.alice)
                == .invoice(F.invoice, .considerBid(Self.bid)))
    }

    @Test("every other investor event asks nothing")
    func otherInvestorEvents() {
        let quiet: [Investor.Event] = [
            .created(F.alice), .fundsAdded(.cents(5)), .fundsReleased(.cents(5)), .fundsCommitted(.cents(5)),
        ]
        for event in quiet { #expect(FinancingSaga.react(to: event, of: F.alice) == nil, "\(event)") }
    }

    @Test("row 6: financed above the asking price releases the excess; at the asking price, nothing")
    func financed() {
        #expect(
            FinancingSaga.react(to: .financed(askingPrice: .cents(1_000), bid: Self.bid))
                == .investor(F.alice, .releaseFunds(.cents(200))))
        #expect(FinancingSaga.react(to: .financed(askingPrice: .cents(1_000), bid: Self.exact)) == nil)
    }

    @Test("row 7: a rejected bid releases the whole bid")
    func rejected() {
        #expect(FinancingSaga.react(to: .bidRejected(Self.bid)) == .investor(F.alice, .releaseFunds(.cents(1_200))))
    }

    @Test("row 9: an approval commits the asking price")
    func approved() {
        #expect(
            FinancingSaga.react(to: .approved(askingPrice: .cents(1_000), bid: Self.bid))
                == .investor(F.alice, .commitFunds(.cents(1_000))))
    }

    @Test("row 11: a reversal releases the asking price")
    func reversed() {
        #expect(
            FinancingSaga.react(to: .reversed(askingPrice: .cents(1_000), bid: Self.bid))
                == .investor(F.alice, .releaseFunds(.cents(1_000))))
    }

    @Test("an invoice put on sale asks nothing")
    func created() {
        #expect(FinancingSaga.react(to: .created(F.listing)) == nil)
    }

    @Test("the target is the aggregate the reaction changes")
    func target() {
        #expect(FinancingSaga.Reaction.invoice(F.invoice, .considerBid(Self.bid)).target == F.invoice.description)
        #expect(FinancingSaga.Reaction.investor(F.bob, .releaseFunds(.cents(1))).target == F.bob.description)
    }
}

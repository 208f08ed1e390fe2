import FinancingDomain
import Testing

/// SPEC §1 row 5: an AVAILABLE invoice is financed by the first bid at or above its asking price;
/// every other bid is rejected (an outcome, not a failure: its funds must go back).
@Suite("Invoice considering bids")
struct InvoiceBidTests {
    let listing = Fixtures.listing
    let alicesBid = Bid(investor: Fixtures.alice, amount: .cents(1200))
    let bobsBid = Bid(investor: Fixtures.bob, amount: .cents(1500))

    @Test("a bid below the asking price is rejected and the invoice stays available", arguments: [Int64(999), 1])
    func aBidBelowTheAskingPriceIsRejected(amount: Int64) {
        let low = Bid(investor: Fixtures.alice, amount: .cents(amount))
        let state = Invoice.given([.created(listing)]).when(.considerBid(low)).then([.bidRejected(low)])
        #expect(state == .available(listing))
    }

    @Test("a bid at or above the asking price finances the invoice", arguments: [Int64(1000), 1001, 5000, .max])
    func aBidAtOrAboveTheAskingPriceFinances(amount: Int64) {
        let winning = Bid(investor: Fixtures.alice, amount: .cents(amount))
        let state = Invoice.given([.created(listing)])
            .when(.considerBid(winning))
            .then([.financed(askingPrice: .cents(1000), bid: winning)])
        #expect(state == .financed(listing, winningBid: winning))
        #expect(state.status == .financed)
        #expect(state.winningBid == winning)
    }

    @Test("once financed, any other bid is rejected, however high")
    func onceFinancedAnyOtherBidIsRejected() {
        let history: [Invoice.Event] = [.created(listing), .financed(askingPrice: .cents(1000), bid: alicesBid)]
        let state = Invoice.given(history).when(.considerBid(bobsBid)).then([.bidRejected(bobsBid)])
        #expect(state.winningBid == alicesBid)
    }

    @Test("the winner's own second bid is rejected too")
    func theWinnersSecondBidIsRejected() {
        let again = Bid(investor: Fixtures.alice, amount: .cents(2000))
        Invoice.given([.created(listing), .financed(askingPrice: .cents(1000), bid: alicesBid)])
            .when(.considerBid(again))
            .then([.bidRejected(again)])
    }

    @Test(
        "an approved or reversed invoice rejects every bid",
        arguments: [
            Invoice.Event.approved(askingPrice: .cents(1000), bid: Bid(investor: Fixtures.alice, amount: .cents(1200))),
            .reversed(askingPrice: .cents(1000), bid: Bid(investor: Fixtures.alice, amount: .cents(1200))),
        ])
    func aSettledInvoiceRejectsEveryBid(outcome: Invoice.Event) {
        let history: [Invoice.Event] = [
            .created(listing), .financed(askingPrice: .cents(1000), bid: alicesBid), outcome,
        ]
        let state = Invoice.given(history).when(.considerBid(bobsBid)).then([.bidRejected(bobsBid)])
        #expect(state == Invoice.replay(history))
    }

    @Test("a bid on an invoice that does not exist is refused")
    func aBidOnAMissingInvoiceIsRefused() {
        Invoice.given().when(.considerBid(alicesBid)).thenFails(.notFound)
    }

    @Test("a replayed second financing keeps the first winner")
    func aReplayedSecondFinancingKeepsTheFirstWinner() {
        let state = Invoice.replay([
            .created(listing),
            .financed(askingPrice: .cents(1000), bid: alicesBid),
            .financed(askingPrice: .cents(1000), bid: bobsBid),
        ])
        #expect(state == .financed(listing, winningBid: alicesBid))
    }
}

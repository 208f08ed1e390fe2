import FinancingDomain
import Testing

/// SPEC §1 rows 6, 7, 9 and 11, as the investor sees them: reserved money goes back to the balance
/// (released) or is paid (committed), never more than is reserved, and never by overflowing.
@Suite("Investor funds")
struct InvestorFundsTests {
    let alice = Fixtures.alice
    /// Registered with 1000, of which 600 is reserved by a bid.
    let bidding =
        Fixtures.registered(balance: 1000)
        + [.bidOnInvoicePlaced(invoice: Fixtures.invoice, amount: .cents(600))]

    @Test("releasing part of the reservation returns it to the balance")
    func releasingPartOfTheReservation() {
        let state = Investor.given(bidding).when(.releaseFunds(.cents(100))).then([.fundsReleased(.cents(100))])
        #expect(
            state
                == .active(
                    Investor.Account(
                        id: alice, balance: .cents(500), reserved: .cents(500),
                        fundsAdded: .cents(1000))))
    }

    @Test("releasing the whole reservation empties it")
    func releasingTheWholeReservation() {
        let state = Investor.given(bidding).when(.releaseFunds(.cents(600))).then([.fundsReleased(.cents(600))])
        #expect(state == .active(Investor.Account(id: alice, balance: .cents(1000), fundsAdded: .cents(1000))))
    }

    @Test("committing part of the reservation pays it")
    func committingPartOfTheReservation() {
        let state = Investor.given(bidding).when(.commitFunds(.cents(500))).then([.fundsCommitted(.cents(500))])
        #expect(
            state
                == .active(
                    Investor.Account(
                        id: alice, balance: .cents(400), reserved: .cents(100),
                        committed: .cents(500), fundsAdded: .cents(1000))))
    }

    @Test("committing the whole reservation pays it all")
    func committingTheWholeReservation() {
        let state = Investor.given(bidding).when(.commitFunds(.cents(600))).then([.fundsCommitted(.cents(600))])
        #expect(
            state
                == .active(
                    Investor.Account(
                        id: alice, balance: .cents(400), committed: .cents(600),
                        fundsAdded: .cents(1000))))
    }

    @Test("releasing more than is reserved is refused", arguments: [Int64(601), 1000, .max])
    func releasingMoreThanReservedIsRefused(amount: Int64) {
        Investor.given(bidding)
            .when(.releaseFunds(.cents(amount)))
            .thenFails(.insufficientReserved(reserved: .cents(600), requested: .cents(amount)))
    }

    @Test("committing more than is reserved is refused", arguments: [Int64(601), 1000, .max])
    func committingMoreThanReservedIsRefused(amount: Int64) {
        Investor.given(bidding)
            .when(.commitFunds(.cents(amount)))
            .thenFails(.insufficientReserved(reserved: .cents(600), requested: .cents(amount)))
    }

    @Test("nothing can be released or committed when nothing is reserved")
    func nothingMovesWhenNothingIsReserved() {
        let idle = Fixtures.registered(balance: 1000)
        Investor.given(idle).when(.releaseFunds(.cents(1)))
            .thenFails(.insufficientReserved(reserved: .zero, requested: .cents(1)))
        Investor.given(idle).when(.commitFunds(.cents(1)))
            .thenFails(.insufficientReserved(reserved: .zero, requested: .cents(1)))
    }

    @Test("releasing or committing zero or less is refused", arguments: [Int64(0), -1, .min])
    func movingZeroOrLessIsRefused(amount: Int64) {
        Investor.given(bidding).when(.releaseFunds(.cents(amount))).thenFails(.amountNotPositive(.cents(amount)))
        Investor.given(bidding).when(.commitFunds(.cents(amount))).thenFails(.amountNotPositive(.cents(amount)))
    }

    @Test("committed money stays committed: a later release only sees what is still reserved")
    func committedMoneyStaysCommitted() {
        Investor.given(bidding + [.fundsCommitted(.cents(600))])
            .when(.releaseFunds(.cents(1)))
            .thenFails(.insufficientReserved(reserved: .zero, requested: .cents(1)))
    }

    @Test("the whole largest amount can be reserved, then released or committed")
    func theLargestAmountMovesWithoutOverflow() {
        let history =
            Fixtures.registered(balance: .max)
            + [.bidOnInvoicePlaced(invoice: Fixtures.invoice, amount: .max)]
        Investor.given(history).when(.releaseFunds(.max)).then([.fundsReleased(.max)])
        Investor.given(history).when(.commitFunds(.max)).then([.fundsCommitted(.max)])
    }

    @Test("a release that would overflow the balance is refused rather than trapping")
    func aReleaseThatWouldOverflowIsRefused() {
        let inconsistent = Investor.Account(id: alice, balance: .max, reserved: .cents(5), fundsAdded: .max)
        Investor.given(state: .active(inconsistent)).when(.releaseFunds(.cents(1))).thenFails(.fundsOverflow)
    }

    @Test("a commitment that would overflow the committed pot is refused rather than trapping")
    func aCommitmentThatWouldOverflowIsRefused() {
        let inconsistent = Investor.Account(id: alice, reserved: .cents(5), committed: .max, fundsAdded: .max)
        Investor.given(state: .active(inconsistent)).when(.commitFunds(.cents(1))).thenFails(.fundsOverflow)
    }

    @Test("a foreign history that would overflow is folded without trapping")
    func aForeignOverflowingHistoryIsFoldedWithoutTrapping() {
        let state = Investor.replay([.created(alice), .fundsAdded(.max), .fundsAdded(.cents(1))])
        #expect(state == .active(Investor.Account(id: alice, balance: .max, fundsAdded: .max)))
    }
}

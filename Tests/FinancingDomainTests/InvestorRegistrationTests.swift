import FinancingDomain
import Testing

/// SPEC §1 row 1: `InvestorRegistered{balance}` → `InvestorCreated`, then `InvestorFundsAdded{balance}`.
@Suite("Investor registration")
struct InvestorRegistrationTests {
    let alice = Fixtures.alice

    @Test("registering with a balance creates the investor, then adds the funds")
    func registeringWithABalanceCreatesThenAddsFunds() {
        let state = Investor.given()
            .when(.register(id: alice, openingBalance: .cents(10_000)))
            .then([.created(alice), .fundsAdded(.cents(10_000))])
        #expect(state == .active(Investor.Account(id: alice, balance: .cents(10_000), fundsAdded: .cents(10_000))))
    }

    @Test("registering with no money only creates the investor")
    func registeringWithNoMoneyOnlyCreatesTheInvestor() {
        let state = Investor.given().when(.register(id: alice, openingBalance: .zero)).then([.created(alice)])
        #expect(state == .active(Investor.Account(id: alice)))
    }

    @Test("registering with the largest amount fits", arguments: [Int64.max, 1])
    func registeringWithExtremeBalancesFits(balance: Int64) {
        Investor.given()
            .when(.register(id: alice, openingBalance: .cents(balance)))
            .then([.created(alice), .fundsAdded(.cents(balance))])
    }

    @Test("registering with a negative balance is refused", arguments: [Int64(-1), -10_000, .min])
    func registeringWithANegativeBalanceIsRefused(balance: Int64) {
        Investor.given()
            .when(.register(id: alice, openingBalance: .cents(balance)))
            .thenFails(.negativeOpeningBalance(.cents(balance)))
    }

    @Test("registering an investor twice is refused", arguments: [Int64(0), 10_000])
    func registeringAnInvestorTwiceIsRefused(balance: Int64) {
        Investor.given(Fixtures.registered(balance: balance))
            .when(.register(id: alice, openingBalance: .cents(500)))
            .thenFails(.alreadyRegistered(alice))
    }

    @Test(
        "every command but registration is refused before the investor exists",
        arguments: [
            Investor.Command.placeBid(invoice: Fixtures.invoice, amount: .cents(100), invoiceExists: true),
            .releaseFunds(.cents(100)),
            .commitFunds(.cents(100)),
        ])
    func everyCommandButRegistrationNeedsTheInvestor(command: Investor.Command) {
        Investor.given().when(command).thenFails(.notFound)
    }

    @Test("a replayed duplicate creation keeps the account as it was")
    func aReplayedDuplicateCreationKeepsTheAccount() {
        let history = Fixtures.registered(balance: 700) + [.created(Fixtures.bob)]
        #expect(Investor.replay(history) == Investor.replay(Fixtures.registered(balance: 700)))
    }

    @Test("money events before creation are ignored")
    func moneyEventsBeforeCreationAreIgnored() {
        #expect(Investor.replay([.fundsAdded(.cents(500)), .fundsReleased(.cents(1))]) == .initial)
    }

    @Test(
        "events and the aggregate carry their SPEC §4 wire names",
        arguments: [
            (Investor.Event.created(Fixtures.alice), "InvestorCreated"),
            (.fundsAdded(.cents(1)), "InvestorFundsAdded"),
            (.bidOnInvoicePlaced(invoice: Fixtures.invoice, amount: .cents(1)), "BidOnInvoicePlaced"),
            (.fundsReleased(.cents(1)), "InvestorFundsReleased"),
            (.fundsCommitted(.cents(1)), "InvestorFundsCommitted"),
        ])
    func eventsCarryTheirWireNames(event: Investor.Event, name: String) {
        #expect(event.name == name)
        #expect(Investor.aggregateType == "Investor")
    }
}

import FinancingDomain
import Testing

/// SPEC §1 rows 8 and 10: only a FINANCED invoice can be approved or reversed, and only once.
@Suite("Invoice approval and reversal")
struct InvoiceFinancingTests {
    static let listing = Fixtures.listing
    static let winning = Bid(investor: Fixtures.alice, amount: .cents(1200))
    static let available: [Invoice.Event] = [.created(listing)]
    static let financed = available + [.financed(askingPrice: .cents(1000), bid: winning)]
    static let approved = financed + [.approved(askingPrice: .cents(1000), bid: winning)]
    static let reversed = financed + [.reversed(askingPrice: .cents(1000), bid: winning)]

    @Test("approving a financed invoice approves it with its asking price and winning bid")
    func approvingAFinancedInvoice() {
        let state = Invoice.given(Self.financed)
            .when(.approveFinancing)
            .then([.approved(askingPrice: .cents(1000), bid: Self.winning)])
        #expect(state == .approved(Self.listing, winningBid: Self.winning))
        #expect(state.status == .approved)
    }

    @Test("reversing a financed invoice reverses it with its asking price and winning bid")
    func reversingAFinancedInvoice() {
        let state = Invoice.given(Self.financed)
            .when(.reverseFinancing)
            .then([.reversed(askingPrice: .cents(1000), bid: Self.winning)])
        #expect(state == .reversed(Self.listing, winningBid: Self.winning))
        #expect(state.status == .reversed)
    }

    @Test(
        "approving an invoice that is not financed is refused with its status",
        arguments: [
            (available, Invoice.Status.available),
            (approved, .approved),
            (reversed, .reversed),
        ])
    func approvingWhenNotFinancedIsRefused(history: [Invoice.Event], status: Invoice.Status) {
        Invoice.given(history).when(.approveFinancing).thenFails(.notFinanced(Fixtures.invoice, status))
    }

    @Test(
        "reversing an invoice that is not financed is refused with its status",
        arguments: [
            (available, Invoice.Status.available),
            (approved, .approved),
            (reversed, .reversed),
        ])
    func reversingWhenNotFinancedIsRefused(history: [Invoice.Event], status: Invoice.Status) {
        Invoice.given(history).when(.reverseFinancing).thenFails(.notFinanced(Fixtures.invoice, status))
    }

    @Test(
        "approving or reversing an invoice that does not exist is refused",
        arguments: [
            Invoice.Command.approveFinancing, .reverseFinancing,
        ])
    func settlingAMissingInvoiceIsRefused(command: Invoice.Command) {
        Invoice.given().when(command).thenFails(.notFound)
    }

    @Test("a replayed reversal after an approval keeps it approved")
    func aReplayedReversalAfterApprovalKeepsItApproved() {
        let state = Invoice.replay(Self.approved + [.reversed(askingPrice: .cents(1000), bid: Self.winning)])
        #expect(state == .approved(Self.listing, winningBid: Self.winning))
    }

    @Test("an approval replayed on an available invoice leaves it available")
    func anApprovalOnAnAvailableInvoiceIsIgnored() {
        let state = Invoice.replay(Self.available + [.approved(askingPrice: .cents(1000), bid: Self.winning)])
        #expect(state == .available(Self.listing))
    }
}

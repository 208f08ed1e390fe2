import FinancingDomain
import PropertyBased
import Testing

/// The invoice's invariant (SPEC §1) over random command sequences: the status only moves
/// AVAILABLE → FINANCED → (APPROVED or REVERSED), there is at most one winning bid and it never changes,
/// and every bid considered has exactly one outcome.
@Suite("Invoice properties")
struct InvoicePropertyTests {
    static let askingPrices = Gen.int64(in: 1...1_500)

    @Test("the status only moves forward, and never to both approved and reversed")
    func theStatusOnlyMovesForward() async {
        await propertyCheck(count: 400, input: Self.askingPrices, InvoiceStep.steps()) { price, steps in
            var state = try Self.onSale(at: price)
            var history: [Invoice.Event] = []
            for step in steps {
                let before = try #require(state.status)
                if let events = try? Invoice.decide(step.command(askingPrice: .cents(price)), state) {
                    history += events
                    state = Invoice.replay(events, from: state)
                }
                let after = try #require(state.status)
                #expect(Self.mayMove(from: before, to: after), "\(before) → \(after) after \(step)")
            }
            let approvals = history.filter { $0.name == "InvoiceApproved" }.count
            let reversals = history.filter { $0.name == "InvoiceReversed" }.count
            #expect(approvals + reversals <= 1, "approved \(approvals)×, reversed \(reversals)× in \(history)")
        }
    }

    @Test("there is at most one financing, and once financed the winning bid never changes")
    func atMostOneFinancingAndTheWinnerNeverChanges() async {
        await propertyCheck(count: 400, input: Self.askingPrices, InvoiceStep.steps()) { price, steps in
            var state = try Self.onSale(at: price)
            var financings: [Bid] = []
            for step in steps {
                let winnerBefore = state.winningBid
                if let events = try? Invoice.decide(step.command(askingPrice: .cents(price)), state) {
                    for case .financed(_, let bid) in events { financings.append(bid) }
                    state = Invoice.replay(events, from: state)
                }
                if let winnerBefore { #expect(state.winningBid == winnerBefore, "the winner changed after \(step)") }
                #expect(state.winningBid == financings.first, "the state's winner is the one financing's bid")
                #expect(state.listing?.askingPrice == .cents(price))
            }
            #expect(financings.count <= 1, "financed by \(financings)")
        }
    }

    @Test("every bid considered is either the winner or rejected, and exactly one of them")
    func everyBidConsideredHasExactlyOneOutcome() async {
        await propertyCheck(count: 400, input: Self.askingPrices, InvoiceStep.steps()) { price, steps in
            var state = try Self.onSale(at: price)
            for step in steps {
                let events: [Invoice.Event]
                do throws(Invoice.Failure) {
                    events = try Invoice.decide(step.command(askingPrice: .cents(price)), state)
                } catch {
                    #expect(step.kind != .considerBid, "a bid on an existing invoice is an outcome, not a failure")
                    #expect(error == .notFinanced(Fixtures.invoice, try #require(state.status)))
                    #expect(state.status != .financed, "a financed invoice can always be settled")
                    continue
                }
                if step.kind == .considerBid {
                    let bid = step.bid(askingPrice: .cents(price))
                    let wins = state.status == .available && bid.amount >= .cents(price)
                    let expected: Invoice.Event =
                        wins
                        ? .financed(askingPrice: .cents(price), bid: bid)
                        : .bidRejected(bid)
                    #expect(events == [expected], "\(step) on \(state)")
                } else {
                    #expect(events.count == 1 && state.status == .financed, "\(step) settled \(state) with \(events)")
                }
                state = Invoice.replay(events, from: state)
            }
        }
    }

    /// An invoice ACME put on sale at `price`.
    static func onSale(at price: Int64) throws -> Invoice.State {
        let command = Invoice.Command.sell(
            id: Fixtures.invoice, issuer: Fixtures.acme, askingPrice: .cents(price),
            issuerExists: true)
        return Invoice.replay(try Invoice.decide(command, .initial))
    }

    /// The lifecycle of SPEC §1: stay, or AVAILABLE → FINANCED, or FINANCED → APPROVED | REVERSED.
    static func mayMove(from before: Invoice.Status, to after: Invoice.Status) -> Bool {
        switch (before, after) {
        case (.available, .available), (.available, .financed): true
        case (.financed, .financed), (.financed, .approved), (.financed, .reversed): true
        case (.approved, .approved), (.reversed, .reversed): true
        default: false
        }
    }
}

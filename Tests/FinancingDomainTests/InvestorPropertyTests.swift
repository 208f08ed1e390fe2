import FinancingDomain
import PropertyBased
import Testing

/// The investor's invariant (SPEC §1) over random command sequences: balance, reserved and committed never
/// go negative and always add up to the funds added; and `decide` follows the rules of rows 4, 6, 7, 9, 11.
@Suite("Investor properties")
struct InvestorPropertyTests {
    @Test("money is conserved and no pot goes negative, whatever the commands")
    func moneyIsConservedAndNoPotGoesNegative() async {
        await propertyCheck(count: 400, input: Gen.int64(in: 0...10_000), InvestorStep.steps()) { opening, steps in
            try Self.run(opening: opening, steps: steps)
        }
    }

    @Test("money is conserved near Int64.max too, without overflow or a crash")
    func moneyIsConservedNearTheLargestAmount() async {
        await propertyCheck(count: 200, input: Gen.int64(in: (.max - 10_000)...(.max)), InvestorStep.steps()) {
            opening, steps in
            try Self.run(opening: opening, steps: steps)
        }
    }

    @Test("decide accepts exactly what the rules allow, and a refusal raises no event")
    func decideAcceptsExactlyWhatTheRulesAllow() async {
        await propertyCheck(count: 400, input: Gen.int64(in: 0...10_000), InvestorStep.steps()) { opening, steps in
            var state = Investor.replay(Fixtures.registered(balance: opening))
            for step in steps {
                guard case .active(let account) = state else { return }
                let command = step.command(against: account)
                let actual = Result { () throws(Investor.Failure) in try Investor.decide(command, state) }
                #expect(actual == Self.expectedOutcome(of: command, on: account), "\(step) on \(account)")
                if case .success(let events) = actual {
                    #expect(events.count == 1, "one command, one event")
                    state = Investor.replay(events, from: state)
                }
            }
        }
    }

    /// Registers with `opening`, applies every step (ignoring refusals) and checks the invariant after each.
    static func run(opening: Int64, steps: [InvestorStep]) throws {
        let registration = try Investor.decide(.register(id: Fixtures.alice, openingBalance: .cents(opening)), .initial)
        var state = Investor.replay(registration)
        InvestorInvariant.check(state, fundsAdded: .cents(opening))
        for step in steps {
            guard case .active(let account) = state else {
                Issue.record("registration lost")
                return
            }
            if let events = try? Investor.decide(step.command(against: account), state) {
                state = Investor.replay(events, from: state)
            }
            InvestorInvariant.check(state, fundsAdded: .cents(opening))
        }
    }

    /// The rules of SPEC §1 written independently of `decide`, as the model it must agree with.
    static func expectedOutcome(of command: Investor.Command, on account: Investor.Account)
        -> Result<[Investor.Event], Investor.Failure>
    {
        switch command {
        case .register(let id, _):
            return .failure(.alreadyRegistered(id))
        case .placeBid(let invoice, let amount, let invoiceExists):
            if !amount.isPositive { return .failure(.amountNotPositive(amount)) }
            if !invoiceExists { return .failure(.invoiceNotFound(invoice)) }
            if amount > account.balance {
                return .failure(.insufficientBalance(available: account.balance, bid: amount))
            }
            return .success([.bidOnInvoicePlaced(invoice: invoice, amount: amount)])
        case .releaseFunds(let amount), .commitFunds(let amount):
            if !amount.isPositive { return .failure(.amountNotPositive(amount)) }
            if amount > account.reserved {
                return .failure(.insufficientReserved(reserved: account.reserved, requested: amount))
            }
            if case .releaseFunds = command { return .success([.fundsReleased(amount)]) }
            return .success([.fundsCommitted(amount)])
        }
    }
}

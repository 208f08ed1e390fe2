import FinancingDomain
import PropertyBased
import Testing

/// SPEC §1 "no money is ever stuck", over random runs of the whole choreography (rows 4–11): investors bid
/// on invoices, policy messages are delivered in random order, financings are approved or reversed at random.
@Suite("Saga properties")
struct SagaPropertyTests {
    /// One thing that happens in a run: a bid (of `amount`, or of the asking price give or take `amount % 2`),
    /// an approval, a reversal, or the delivery of a pending message.
    struct Action: Sendable, CustomStringConvertible {
        let kind: Int
        let investor: Int
        let invoice: Int
        let amount: Int64

        var description: String {
            switch kind {
            case 0...1: "bid(\(investor), \(invoice), \(amount))"
            case 2...3: "bid(\(investor), \(invoice), asking \(amount % 2 >= 0 ? "+" : "")\(amount % 2))"
            case 4: "approve(\(invoice))"
            case 5: "reverse(\(invoice))"
            default: "deliver(\(investor))"
            }
        }
    }

    static let balances = Gen.int64(in: 0...5_000).array(of: 1...4)
    static let askingPrices = Gen.int64(in: 1...3_000).array(of: 1...4)
    static let actions = zip(Gen.int(in: 0...9), Gen.int(in: 0...7), Gen.int(in: 0...7), Gen.int64(in: -50...6_000))
        .map { kind, investor, invoice, amount in
            Action(kind: kind, investor: investor, invoice: invoice, amount: amount)
        }
        .array(of: 0...80)

    @Test("each investor's money is conserved at every step of the choreography")
    func moneyIsConservedAtEveryStep() async {
        await propertyCheck(count: 300, input: Self.balances, Self.askingPrices, Self.actions) {
            balances, prices, actions in
            var saga = try SagaSimulation(openingBalances: balances, askingPrices: prices)
            for action in actions {
                Self.perform(action, in: &saga)
                for id in saga.investorIDs {
                    InvestorInvariant.check(saga.investors[id], fundsAdded: saga.openingBalances[id]!)
                }
            }
            #expect(saga.policyFailures.isEmpty, "a policy's command was refused")
        }
    }

    @Test("once every message is delivered, each investor's reservation is exactly its financed invoices' prices")
    func reservedMatchesFinancedInvoicesOnceDelivered() async {
        await propertyCheck(count: 300, input: Self.balances, Self.askingPrices, Self.actions) {
            balances, prices, actions in
            var saga = try SagaSimulation(openingBalances: balances, askingPrices: prices)
            for action in actions { Self.perform(action, in: &saga) }
            saga.drain()
            #expect(saga.policyFailures.isEmpty, "a policy's command was refused: \(saga.policyFailures)")
            try Self.expectNoMoneyStuck(in: saga)
        }
    }

    @Test("once every financing is approved or reversed, nothing stays reserved")
    func nothingStaysReservedOnceEveryFinancingIsSettled() async {
        await propertyCheck(count: 300, input: Self.balances, Self.askingPrices, Self.actions, Gen.bool.array(of: 5)) {
            balances, prices, actions, approvals in
            var saga = try SagaSimulation(openingBalances: balances, askingPrices: prices)
            for action in actions { Self.perform(action, in: &saga) }
            saga.drain()
            for (index, invoice) in saga.invoiceIDs.enumerated() {
                saga.settle(invoice, with: approvals[index] ? .approveFinancing : .reverseFinancing)
            }
            saga.drain()
            #expect(saga.policyFailures.isEmpty, "a policy's command was refused: \(saga.policyFailures)")
            try Self.expectNoMoneyStuck(in: saga)
            for id in saga.investorIDs {
                guard case .active(let account) = saga.investors[id] else { continue }
                #expect(account.reserved == .zero, "\(id) still has \(account.reserved) reserved")
            }
            #expect(!saga.invoiceIDs.contains { saga.invoices[$0]?.status == .financed })
        }
    }

    /// Applies one random action, its indices taken modulo what exists (the last invoice id was never sold).
    static func perform(_ action: Action, in saga: inout SagaSimulation) {
        let investor = saga.investorIDs[action.investor % saga.investorIDs.count]
        let invoice = saga.invoiceIDs[action.invoice % saga.invoiceIDs.count]
        switch action.kind {
        case 0...1: saga.bid(investor: investor, invoice: invoice, amount: .cents(action.amount))
        case 2...3:
            let askingPrice = saga.invoices[invoice]?.listing?.askingPrice.minorUnits ?? 0
            saga.bid(investor: investor, invoice: invoice, amount: .cents(askingPrice + action.amount % 2))
        case 4: saga.settle(invoice, with: .approveFinancing)
        case 5: saga.settle(invoice, with: .reverseFinancing)
        default: saga.deliver(at: action.investor)
        }
    }

    /// With nothing pending, every investor holds reserved exactly the asking prices of the FINANCED invoices
    /// it won, committed exactly those of the APPROVED ones, and the rest on its balance.
    static func expectNoMoneyStuck(in saga: SagaSimulation, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(saga.pending.isEmpty, sourceLocation: sourceLocation)
        for id in saga.investorIDs {
            let opening = try #require(saga.openingBalances[id])
            InvestorInvariant.check(saga.investors[id], fundsAdded: opening, sourceLocation: sourceLocation)
            guard case .active(let account) = saga.investors[id] else { continue }
            let won = saga.invoiceIDs.compactMap { saga.invoices[$0] }.filter { $0.winningBid?.investor == id }
            let financed = won.filter { $0.status == .financed }.map { $0.listing!.askingPrice.minorUnits }.reduce(0, +)
            let approved = won.filter { $0.status == .approved }.map { $0.listing!.askingPrice.minorUnits }.reduce(0, +)
            #expect(account.reserved == .cents(financed), "reserved of \(id)", sourceLocation: sourceLocation)
            #expect(account.committed == .cents(approved), "committed of \(id)", sourceLocation: sourceLocation)
            #expect(account.balance == .cents(opening.minorUnits - financed - approved), sourceLocation: sourceLocation)
        }
    }
}

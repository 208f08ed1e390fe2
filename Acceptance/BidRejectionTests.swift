import FinancingAPI
import Testing

/// SPEC §1 row 4: a bid the investor cannot place is rejected, raises no event and reserves nothing.
@Suite("Bids the investor refuses", .timeLimit(.minutes(3)))
struct BidRejectionTests {
    @Test(
        "Given an investor with 1000, when it bids 5000, then the command is REJECTED for insufficient balance and nothing happens"
    )
    func bidAboveBalanceIsRejected() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 1_000)
            let invoice = try await scenario.givenInvoice(askingPrice: 500)

            let command = try await scenario.stack.bid(investor: investor, invoice: invoice.id, amount: 5_000)

            let outcome = try await scenario.stack.outcome(of: command)
            #expect(outcome.state == .rejected)
            #expect(
                outcome.reason.contains("insufficient balance: available 1000, bid 5000"), "reason: \(outcome.reason)")
            await scenario.events.expectStreams([
                (investor, ExpectedEvent.registered(investor: investor, balance: 1_000)),
                (invoice.id, [invoice.created]),
            ])
            #expect(try await scenario.stack.settledFunds(of: investor, Funds(balance: 1_000)) == Funds(balance: 1_000))
            #expect(try await scenario.stack.invoice(invoice.id).status == .available)
        }
    }

    @Test(
        "Given no such invoice, when an investor bids on it, then the command is REJECTED naming the invoice and no funds are reserved"
    )
    func bidOnUnknownInvoiceIsRejected() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = freshID()

            let command = try await scenario.stack.bid(investor: investor, invoice: invoice, amount: 1_000)

            let outcome = try await scenario.stack.outcome(of: command)
            #expect(outcome.state == .rejected)
            #expect(outcome.reason.contains(invoice), "reason: \(outcome.reason)")
            await scenario.events.expectStreams([
                (investor, ExpectedEvent.registered(investor: investor, balance: 10_000)),
                (invoice, []),
            ])
            #expect(
                try await scenario.stack.settledFunds(of: investor, Funds(balance: 10_000)) == Funds(balance: 10_000))
        }
    }

    @Test(
        "Given no such investor, when it bids on an available invoice, then the command is REJECTED and the invoice is untouched"
    )
    func bidByUnknownInvestorIsRejected() async throws {
        try await withScenario { scenario in
            let investor = freshID()
            let invoice = try await scenario.givenInvoice(askingPrice: 1_000)

            let command = try await scenario.stack.bid(investor: investor, invoice: invoice.id, amount: 1_000)

            let outcome = try await scenario.stack.outcome(of: command)
            #expect(outcome.state == .rejected)
            #expect(outcome.reason.contains("investor"), "reason: \(outcome.reason)")
            await scenario.events.expectStreams([(investor, []), (invoice.id, [invoice.created])])
            #expect(try await scenario.stack.invoice(invoice.id).status == .available)
        }
    }
}

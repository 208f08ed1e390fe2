import FinancingAPI
import Testing

/// SPEC §1 rows 4–7: a bid reserves the investor's funds; the invoice takes it or turns it down,
/// and whatever the invoice does not keep goes back to the balance.
@Suite("Bidding on an invoice", .timeLimit(.minutes(3)))
struct BiddingTests {
    @Test(
        "Given an investor with 10000 and an invoice asking 3000, when the investor bids 5000, then the invoice is FINANCED and the excess 2000 is released"
    )
    func bidAboveAskingFinancesAndReleasesTheExcess() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenInvoice(askingPrice: 3_000)

            let command = try await scenario.stack.bid(investor: investor, invoice: invoice.id, amount: 5_000)

            #expect(try await scenario.stack.outcome(of: command).state == .succeeded)
            await scenario.events.expectStreams([
                (
                    investor,
                    ExpectedEvent.registered(investor: investor, balance: 10_000) + [
                        .bidOnInvoicePlaced(investor, invoice: invoice.id, amount: 5_000),
                        .investorFundsReleased(investor, amount: 2_000),
                    ]
                ),
                (
                    invoice.id,
                    [invoice.created, .invoiceFinanced(invoice.id, askingPrice: 3_000, bidder: investor, bid: 5_000)]
                ),
            ])
            let funds = Funds(balance: 7_000, reserved: 3_000)
            #expect(try await scenario.stack.settledFunds(of: investor, funds) == funds)
            let financed = try await scenario.stack.settledInvoice(invoice.id, status: .financed)
            #expect(financed.status == .financed)
            #expect(financed.winningBid.investorID == investor)
            #expect(financed.winningBid.amount.minorUnits == 5_000)
        }
    }

    @Test(
        "Given an invoice asking 3000, when an investor bids exactly 3000, then the invoice is FINANCED and nothing is released"
    )
    func bidAtAskingFinancesWithoutRelease() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenInvoice(askingPrice: 3_000)

            let command = try await scenario.stack.bid(investor: investor, invoice: invoice.id, amount: 3_000)

            #expect(try await scenario.stack.outcome(of: command).state == .succeeded)
            await scenario.events.expectStreams([
                (
                    investor,
                    ExpectedEvent.registered(investor: investor, balance: 10_000) + [
                        .bidOnInvoicePlaced(investor, invoice: invoice.id, amount: 3_000)
                    ]
                ),
                (
                    invoice.id,
                    [invoice.created, .invoiceFinanced(invoice.id, askingPrice: 3_000, bidder: investor, bid: 3_000)]
                ),
            ])
            let funds = Funds(balance: 7_000, reserved: 3_000)
            #expect(try await scenario.stack.settledFunds(of: investor, funds) == funds)
            let financed = try await scenario.stack.settledInvoice(invoice.id, status: .financed)
            #expect(financed.winningBid.investorID == investor)
            #expect(financed.winningBid.amount.minorUnits == 3_000)
        }
    }

    @Test(
        "Given an invoice asking 3000, when an investor bids 2000, then the bid is rejected by the invoice and all 2000 go back"
    )
    func bidBelowAskingIsRejectedAndReleased() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenInvoice(askingPrice: 3_000)

            let command = try await scenario.stack.bid(investor: investor, invoice: invoice.id, amount: 2_000)

            #expect(try await scenario.stack.outcome(of: command).state == .succeeded)
            await scenario.events.expectStreams([
                (
                    investor,
                    ExpectedEvent.registered(investor: investor, balance: 10_000) + [
                        .bidOnInvoicePlaced(investor, invoice: invoice.id, amount: 2_000),
                        .investorFundsReleased(investor, amount: 2_000),
                    ]
                ),
                (invoice.id, [invoice.created, .bidOnInvoiceRejected(invoice.id, bidder: investor, bid: 2_000)]),
            ])
            #expect(
                try await scenario.stack.settledFunds(of: investor, Funds(balance: 10_000)) == Funds(balance: 10_000))
            let unchanged = try await scenario.stack.invoice(invoice.id)
            #expect(unchanged.status == .available)
            #expect(!unchanged.hasWinningBid)
        }
    }

    @Test(
        "Given a FINANCED invoice, when another investor bids above the asking price, then that bid is rejected and released"
    )
    func bidOnFinancedInvoiceIsRejected() async throws {
        try await withScenario { scenario in
            let winner = try await scenario.givenInvestor(balance: 10_000)
            let latecomer = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenFinancedInvoice(askingPrice: 3_000, investor: winner, bid: 3_000)

            let command = try await scenario.stack.bid(investor: latecomer, invoice: invoice.id, amount: 6_000)

            #expect(try await scenario.stack.outcome(of: command).state == .succeeded)
            await scenario.events.expectStreams([
                (
                    latecomer,
                    ExpectedEvent.registered(investor: latecomer, balance: 10_000) + [
                        .bidOnInvoicePlaced(latecomer, invoice: invoice.id, amount: 6_000),
                        .investorFundsReleased(latecomer, amount: 6_000),
                    ]
                ),
                (
                    invoice.id,
                    [
                        invoice.created, .invoiceFinanced(invoice.id, askingPrice: 3_000, bidder: winner, bid: 3_000),
                        .bidOnInvoiceRejected(invoice.id, bidder: latecomer, bid: 6_000),
                    ]
                ),
            ])
            #expect(
                try await scenario.stack.settledFunds(of: latecomer, Funds(balance: 10_000)) == Funds(balance: 10_000))
            #expect(try await scenario.stack.invoice(invoice.id).winningBid.investorID == winner)
        }
    }

    @Test(
        "Given a REVERSED invoice, when an investor bids above the asking price, then the bid is rejected and released")
    func bidOnReversedInvoiceIsRejected() async throws {
        try await withScenario { scenario in
            let first = try await scenario.givenInvestor(balance: 10_000)
            let second = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenFinancedInvoice(askingPrice: 3_000, investor: first, bid: 3_000)
            let reversal = try await scenario.stack.outcome(of: try await scenario.stack.reverse(invoice: invoice.id))
            try #require(reversal.state == .succeeded, "the given reversal: \(reversal.reason)")

            let command = try await scenario.stack.bid(investor: second, invoice: invoice.id, amount: 5_000)

            #expect(try await scenario.stack.outcome(of: command).state == .succeeded)
            await scenario.events.expectStreams([
                (
                    second,
                    ExpectedEvent.registered(investor: second, balance: 10_000) + [
                        .bidOnInvoicePlaced(second, invoice: invoice.id, amount: 5_000),
                        .investorFundsReleased(second, amount: 5_000),
                    ]
                ),
                (
                    invoice.id,
                    [
                        invoice.created, .invoiceFinanced(invoice.id, askingPrice: 3_000, bidder: first, bid: 3_000),
                        .invoiceReversed(invoice.id, askingPrice: 3_000, bidder: first, bid: 3_000),
                        .bidOnInvoiceRejected(invoice.id, bidder: second, bid: 5_000),
                    ]
                ),
            ])
            #expect(try await scenario.stack.settledFunds(of: second, Funds(balance: 10_000)) == Funds(balance: 10_000))
            #expect(try await scenario.stack.invoice(invoice.id).status == .reversed)
        }
    }
}

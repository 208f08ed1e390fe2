import FinancingAPI
import Testing

/// SPEC §1 invariant: an invoice has at most one winning bid, and no money is ever stuck.
@Suite("Investors bidding at the same time", .timeLimit(.minutes(3)))
struct ConcurrentBiddingTests {
    @Test(
        "Given 5 investors with 10000 and an invoice asking 3000, when all bid 3000 to 7000 at once, then exactly one wins and the four others get their bids back"
    )
    func oneOfFiveConcurrentBidsWins() async throws {
        try await withScenario { scenario in
            let invoice = try await scenario.givenInvoice(askingPrice: 3_000)
            var bids: [(investor: String, amount: Int64)] = []
            for amount in [3_000, 4_000, 5_000, 6_000, 7_000] as [Int64] {
                bids.append((try await scenario.givenInvestor(balance: 10_000), amount))
            }

            let commands = try await withThrowingTaskGroup(of: String.self) { group in
                for bid in bids {
                    group.addTask {
                        try await scenario.stack.bid(investor: bid.investor, invoice: invoice.id, amount: bid.amount)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            for command in commands {
                #expect(try await scenario.stack.outcome(of: command).state == .succeeded, "bid \(command)")
            }
            let settled = try await scenario.events.waitForEvents(of: invoice.id, count: 1 + bids.count)
            let financed = settled.filter { $0.type == "InvoiceFinanced" }
            try #require(financed.count == 1, "InvoiceFinanced events: \(financed)")
            guard case .object(let fields) = financed[0].payload, case .object(let bid) = fields["bid"],
                case .string(let winnerID) = bid["investor_id"],
                let winner = bids.first(where: { $0.investor == winnerID })
            else {
                Issue.record("InvoiceFinanced names no bidder of this test: \(financed[0])")
                return
            }
            let losers = bids.filter { $0.investor != winner.investor }
            await scenario.events.expectStreams(
                [
                    (
                        invoice.id,
                        // The first bid the invoice sees wins (all are at or above the asking price); the others
                        // lose in whatever order they arrive.
                        [
                            invoice.created,
                            .invoiceFinanced(
                                invoice.id, askingPrice: 3_000, bidder: winner.investor, bid: winner.amount),
                        ]
                            + settled.dropFirst(2).map(\.essence)
                    ),
                    (winner.investor, expectedStream(of: winner, invoice: invoice.id, released: winner.amount - 3_000)),
                ] + losers.map { ($0.investor, expectedStream(of: $0, invoice: invoice.id, released: $0.amount)) })
            let rejected = settled.dropFirst(2).map(\.essence)
            #expect(
                Set(rejected)
                    == Set(losers.map { .bidOnInvoiceRejected(invoice.id, bidder: $0.investor, bid: $0.amount) }),
                "the four losing bids are each rejected once")

            for loser in losers {
                #expect(
                    try await scenario.stack.settledFunds(of: loser.investor, Funds(balance: 10_000))
                        == Funds(balance: 10_000))
            }
            let winnerFunds = Funds(balance: 7_000, reserved: 3_000)
            #expect(try await scenario.stack.settledFunds(of: winner.investor, winnerFunds) == winnerFunds)
            let result = try await scenario.stack.settledInvoice(invoice.id, status: .financed)
            #expect(result.winningBid.investorID == winner.investor)
            #expect(result.winningBid.amount.minorUnits == winner.amount)
        }
    }

    @Test(
        "Given an investor with 10000 and three invoices asking 4000, when it bids 4000 on all three at once, then two bids are placed and the third is REJECTED for insufficient balance"
    )
    func concurrentBidsNeverOverdrawTheBalance() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            var invoices: [GivenInvoice] = []
            for _ in 0..<3 { invoices.append(try await scenario.givenInvoice(askingPrice: 4_000)) }

            let outcomes = try await withThrowingTaskGroup(of: (String, Financing_V1_CommandStatus).self) { group in
                for invoice in invoices {
                    group.addTask {
                        let command = try await scenario.stack.bid(
                            investor: investor, invoice: invoice.id, amount: 4_000)
                        return (invoice.id, try await scenario.stack.outcome(of: command))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }

            let refused = outcomes.filter { $0.value.state == .rejected }
            #expect(outcomes.values.filter { $0.state == .succeeded }.count == 2)
            try #require(refused.count == 1, "outcomes: \(outcomes)")
            let (refusedInvoice, refusal) = (refused.first!.key, refused.first!.value)
            #expect(
                refusal.reason.contains("insufficient balance: available 2000, bid 4000"), "reason: \(refusal.reason)")
            let financed = invoices.filter { $0.id != refusedInvoice }
            let placed = try await scenario.events.waitForEvents(of: investor, count: 4).dropFirst(2).map(\.essence)
            #expect(Set(placed) == Set(financed.map { .bidOnInvoicePlaced(investor, invoice: $0.id, amount: 4_000) }))
            await scenario.events.expectStreams(
                [(investor, ExpectedEvent.registered(investor: investor, balance: 10_000) + placed)]
                    + financed.map {
                        (
                            $0.id,
                            [$0.created, .invoiceFinanced($0.id, askingPrice: 4_000, bidder: investor, bid: 4_000)]
                        )
                    }
                    + [(refusedInvoice, [invoices.first { $0.id == refusedInvoice }!.created])])
            let funds = Funds(balance: 2_000, reserved: 8_000)
            #expect(try await scenario.stack.settledFunds(of: investor, funds) == funds)
        }
    }
}

/// An investor's events: registered with 10000, the bid placed, then `released` back (none when 0).
private func expectedStream(of bid: (investor: String, amount: Int64), invoice: String, released: Int64)
    -> [ExpectedEvent]
{
    ExpectedEvent.registered(investor: bid.investor, balance: 10_000)
        + [.bidOnInvoicePlaced(bid.investor, invoice: invoice, amount: bid.amount)]
        + (released > 0 ? [.investorFundsReleased(bid.investor, amount: released)] : [])
}

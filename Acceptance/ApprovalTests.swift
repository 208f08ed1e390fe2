import FinancingAPI
import Testing

/// SPEC §1 rows 8–11: a financed invoice ends approved (funds committed) or reversed (funds released).
@Suite("Approving and reversing a financing", .timeLimit(.minutes(3)))
struct ApprovalTests {
    @Test(
        "Given an invoice asking 3000 financed by a bid of 4000, when the financing is approved, then the investor's 3000 are committed"
    )
    func approvalCommitsTheAskingPrice() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenFinancedInvoice(askingPrice: 3_000, investor: investor, bid: 4_000)

            let command = try await scenario.stack.approve(invoice: invoice.id)

            #expect(try await scenario.stack.outcome(of: command).state == .succeeded)
            await scenario.events.expectStreams([
                (
                    investor,
                    ExpectedEvent.registered(investor: investor, balance: 10_000) + [
                        .bidOnInvoicePlaced(investor, invoice: invoice.id, amount: 4_000),
                        .investorFundsReleased(investor, amount: 1_000),
                        .investorFundsCommitted(investor, amount: 3_000),
                    ]
                ),
                (
                    invoice.id,
                    [
                        invoice.created, .invoiceFinanced(invoice.id, askingPrice: 3_000, bidder: investor, bid: 4_000),
                        .invoiceApproved(invoice.id, askingPrice: 3_000, bidder: investor, bid: 4_000),
                    ]
                ),
            ])
            let funds = Funds(balance: 7_000, committed: 3_000)
            #expect(try await scenario.stack.settledFunds(of: investor, funds) == funds)
            let approved = try await scenario.stack.settledInvoice(invoice.id, status: .approved)
            #expect(approved.status == .approved)
            #expect(approved.winningBid.investorID == investor)
            let listed = try await scenario.stack.walk {
                try await scenario.stack.invoicesPage(size: 1_000, token: $0, status: .approved)
            }.flatMap(\.items)
            #expect(listed.filter { $0.invoiceID == invoice.id } == [approved], "AllInvoices(APPROVED)")
        }
    }

    @Test(
        "Given an invoice asking 3000 financed by a bid of 3000, when the financing is reversed, then the investor gets the 3000 back"
    )
    func reversalReleasesTheAskingPrice() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenFinancedInvoice(askingPrice: 3_000, investor: investor, bid: 3_000)

            let command = try await scenario.stack.reverse(invoice: invoice.id)

            #expect(try await scenario.stack.outcome(of: command).state == .succeeded)
            await scenario.events.expectStreams([
                (
                    investor,
                    ExpectedEvent.registered(investor: investor, balance: 10_000) + [
                        .bidOnInvoicePlaced(investor, invoice: invoice.id, amount: 3_000),
                        .investorFundsReleased(investor, amount: 3_000),
                    ]
                ),
                (
                    invoice.id,
                    [
                        invoice.created, .invoiceFinanced(invoice.id, askingPrice: 3_000, bidder: investor, bid: 3_000),
                        .invoiceReversed(invoice.id, askingPrice: 3_000, bidder: investor, bid: 3_000),
                    ]
                ),
            ])
            #expect(
                try await scenario.stack.settledFunds(of: investor, Funds(balance: 10_000)) == Funds(balance: 10_000))
            let reversed = try await scenario.stack.settledInvoice(invoice.id, status: .reversed)
            #expect(reversed.status == .reversed)
            #expect(reversed.winningBid.investorID == investor)
            let listed = try await scenario.stack.walk {
                try await scenario.stack.invoicesPage(size: 1_000, token: $0, status: .reversed)
            }.flatMap(\.items)
            #expect(listed.filter { $0.invoiceID == invoice.id } == [reversed], "AllInvoices(REVERSED)")
        }
    }

    @Test(
        "Given an AVAILABLE invoice, when approving or reversing its financing, then both are REJECTED as not FINANCED")
    func availableInvoiceCannotBeApprovedOrReversed() async throws {
        try await withScenario { scenario in
            let invoice = try await scenario.givenInvoice(askingPrice: 3_000)

            let approval = try await scenario.stack.outcome(of: try await scenario.stack.approve(invoice: invoice.id))
            let reversal = try await scenario.stack.outcome(of: try await scenario.stack.reverse(invoice: invoice.id))

            for outcome in [approval, reversal] {
                #expect(outcome.state == .rejected)
                #expect(
                    outcome.reason.contains("\(invoice.id) is AVAILABLE, not FINANCED"), "reason: \(outcome.reason)")
            }
            await scenario.events.expectStreams([(invoice.id, [invoice.created])])
            #expect(try await scenario.stack.invoice(invoice.id).status == .available)
        }
    }

    @Test("Given an APPROVED invoice, when approving or reversing it again, then both are REJECTED and no money moves")
    func approvedInvoiceIsFinal() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenFinancedInvoice(askingPrice: 2_000, investor: investor, bid: 2_000)
            #expect(
                try await scenario.stack.outcome(of: try await scenario.stack.approve(invoice: invoice.id)).state
                    == .succeeded)

            let again = try await scenario.stack.outcome(of: try await scenario.stack.approve(invoice: invoice.id))
            let reversal = try await scenario.stack.outcome(of: try await scenario.stack.reverse(invoice: invoice.id))

            for outcome in [again, reversal] {
                #expect(outcome.state == .rejected)
                #expect(outcome.reason.contains("\(invoice.id) is APPROVED, not FINANCED"), "reason: \(outcome.reason)")
            }
            await scenario.events.expectStreams([
                (
                    investor,
                    ExpectedEvent.registered(investor: investor, balance: 10_000) + [
                        .bidOnInvoicePlaced(investor, invoice: invoice.id, amount: 2_000),
                        .investorFundsCommitted(investor, amount: 2_000),
                    ]
                ),
                (
                    invoice.id,
                    [
                        invoice.created, .invoiceFinanced(invoice.id, askingPrice: 2_000, bidder: investor, bid: 2_000),
                        .invoiceApproved(invoice.id, askingPrice: 2_000, bidder: investor, bid: 2_000),
                    ]
                ),
            ])
            let funds = Funds(balance: 8_000, committed: 2_000)
            #expect(try await scenario.stack.settledFunds(of: investor, funds) == funds)
        }
    }

    @Test("Given no such invoice, when approving its financing, then the command is REJECTED and nothing is created")
    func unknownInvoiceCannotBeApproved() async throws {
        try await withScenario { scenario in
            let invoice = freshID()

            let outcome = try await scenario.stack.outcome(of: try await scenario.stack.approve(invoice: invoice))

            #expect(outcome.state == .rejected)
            #expect(!outcome.reason.isEmpty)
            await scenario.events.expectStreams([(invoice, [])])
        }
    }
}

import FinancingAPI
import Testing

/// SPEC §3: a command request with a `request_id` has its effect once, however often it is retried.
@Suite("Retried requests", .timeLimit(.minutes(3)))
struct RetryTests {
    @Test(
        "Given a SellInvoice with a request_id, when it is sent three times, then every answer names the same invoice and one InvoiceCreated is published"
    )
    func retriedSaleCreatesOneInvoice() async throws {
        try await withScenario { scenario in
            let issuer = try await scenario.givenIssuer()
            let requestID = freshID()

            let first = try await scenario.stack.sellInvoice(issuer: issuer, askingPrice: 2_000, requestID: requestID)
            let second = try await scenario.stack.sellInvoice(issuer: issuer, askingPrice: 2_000, requestID: requestID)
            #expect(try await scenario.stack.outcome(of: first.commandID).state == .succeeded)
            let third = try await scenario.stack.sellInvoice(issuer: issuer, askingPrice: 2_000, requestID: requestID)

            #expect(first.commandID == requestID)
            #expect([second.invoiceID, third.invoiceID] == [first.invoiceID, first.invoiceID])
            #expect([second.commandID, third.commandID] == [requestID, requestID])
            await scenario.events.expectStreams([
                (issuer, [.issuerCreated(issuer)]),
                (first.invoiceID, [.invoiceCreated(first.invoiceID, issuer: issuer, askingPrice: 2_000)]),
            ])
            let listed = try await scenario.stack.walk { try await scenario.stack.invoicesPage(size: 1_000, token: $0) }
            #expect(listed.flatMap(\.items).filter { $0.issuerID == issuer }.count == 1, "invoices of issuer \(issuer)")
        }
    }

    @Test("Given a BidOnInvoice with a request_id, when it is sent twice, then the bid is placed once")
    func retriedBidIsPlacedOnce() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenInvoice(askingPrice: 4_000)
            let requestID = freshID()

            let first = try await scenario.stack.bid(
                investor: investor, invoice: invoice.id, amount: 1_000, requestID: requestID)
            let second = try await scenario.stack.bid(
                investor: investor, invoice: invoice.id, amount: 1_000, requestID: requestID)

            #expect([first, second] == [requestID, requestID])
            #expect(try await scenario.stack.outcome(of: requestID).state == .succeeded)
            await scenario.events.expectStreams([
                (
                    investor,
                    ExpectedEvent.registered(investor: investor, balance: 10_000) + [
                        .bidOnInvoicePlaced(investor, invoice: invoice.id, amount: 1_000),
                        .investorFundsReleased(investor, amount: 1_000),
                    ]
                ),
                (invoice.id, [invoice.created, .bidOnInvoiceRejected(invoice.id, bidder: investor, bid: 1_000)]),
            ])
            #expect(
                try await scenario.stack.settledFunds(of: investor, Funds(balance: 10_000)) == Funds(balance: 10_000))
        }
    }

    @Test(
        "Given a SellInvoice with a request_id, when five copies arrive at the same time, then all name the same invoice and one InvoiceCreated is published"
    )
    func concurrentRetriesCreateOneInvoice() async throws {
        try await withScenario { scenario in
            let issuer = try await scenario.givenIssuer()
            let requestID = freshID()

            let sales = try await withThrowingTaskGroup(of: Financing_V1_SellInvoiceResponse.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        try await scenario.stack.sellInvoice(issuer: issuer, askingPrice: 2_500, requestID: requestID)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            let invoices = Set(sales.map(\.invoiceID))
            #expect(invoices.count == 1, "invoice ids: \(invoices)")
            #expect(sales.allSatisfy { $0.commandID == requestID })
            let invoice = try #require(invoices.first)
            #expect(try await scenario.stack.outcome(of: requestID).state == .succeeded)
            await scenario.events.expectStreams([
                (invoice, [.invoiceCreated(invoice, issuer: issuer, askingPrice: 2_500)])
            ])
        }
    }
}

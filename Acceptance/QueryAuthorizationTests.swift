import Authentication
import FinancingAPI
import GRPCCore
import Testing

/// SPEC §6's table for the `Queries` service: an investor sees its own money only, lists of
/// parties are operators', invoices are everyone's but the winning bidder's id is not.
@Suite("Who may read what", .timeLimit(.minutes(3)))
struct QueryAuthorizationTests {
    @Test(
        "Given an investor, when it or an operator reads it, then they get it; another investor, one that does not exist or an issuer gets PERMISSION_DENIED"
    )
    func getInvestor() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let funds = Funds(balance: 10_000)
            #expect(try await scenario.stack.settledFunds(of: investor, funds) == funds)
            #expect(
                try await scenario.stack.investor(investor, as: Credentials.investor(investor)).investorID == investor)

            let stranger = freshID()
            for (id, caller) in [
                (investor, Credentials.investor(stranger)), (investor, Credentials.issuer(investor)),
                (stranger, Credentials.investor(investor)),
            ] {
                #expect(
                    await rpcErrorCode { _ = try await scenario.stack.investor(id, as: caller) } == .permissionDenied,
                    "\(id) as \(caller.role) \(caller.subject)")
            }
            #expect(await rpcErrorCode { _ = try await scenario.stack.investor(stranger) } == .notFound)
        }
    }

    @Test("Given the running stack, when an investor or an issuer lists investors or issuers, then PERMISSION_DENIED")
    func partyLists() async throws {
        try await withScenario { scenario in
            for caller in [Credentials.investor(freshID()), Credentials.issuer(freshID())] {
                let metadata = try await Credentials.metadata(as: caller)
                #expect(
                    await rpcErrorCode {
                        _ = try await scenario.stack.queries.allInvestors(.init(), metadata: metadata)
                    } == .permissionDenied, "AllInvestors as \(caller.role)")
                #expect(
                    await rpcErrorCode { _ = try await scenario.stack.queries.allIssuers(.init(), metadata: metadata) }
                        == .permissionDenied, "AllIssuers as \(caller.role)")
            }
            #expect(await rpcErrorCode { _ = try await scenario.stack.investorsPage(size: 1) } == nil)
            #expect(await rpcErrorCode { _ = try await scenario.stack.issuersPage(size: 1) } == nil)
        }
    }

    @Test(
        "Given a financed invoice, when the winning investor, the invoice's issuer or an operator reads it, then they see who won; another investor or issuer sees the amount only"
    )
    func winningBidder() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenFinancedInvoice(askingPrice: 1_000, investor: investor, bid: 1_200)
            _ = try await scenario.stack.settledInvoice(invoice.id, status: .financed)

            for caller in [Credentials.investor(investor), Credentials.issuer(invoice.issuer), Credentials.anOperator] {
                let seen = try await scenario.stack.invoice(invoice.id, as: caller)
                #expect(seen.winningBid.investorID == investor, "GetInvoice as \(caller.role)")
                #expect(seen.winningBid.amount.minorUnits == 1_200)
            }
            for caller in [Credentials.investor(freshID()), Credentials.issuer(freshID())] {
                let seen = try await scenario.stack.invoice(invoice.id, as: caller)
                #expect(seen.winningBid.investorID == "", "GetInvoice as another \(caller.role)")
                #expect(seen.winningBid.amount.minorUnits == 1_200)
                let listed = try await scenario.stack.walk {
                    try await scenario.stack.invoicesPage(size: 1_000, token: $0, status: .financed, as: caller)
                }.flatMap(\.items).first { $0.invoiceID == invoice.id }
                #expect(listed?.winningBid.investorID == "", "AllInvoices as another \(caller.role)")
                #expect(listed?.winningBid.amount.minorUnits == 1_200)
            }
        }
    }
}

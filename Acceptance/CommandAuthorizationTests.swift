import Authentication
import FinancingAPI
import GRPCCore
import Testing

/// SPEC §6's table for the `Commands` service: each call allowed to whom the table says, and
/// refused (PERMISSION_DENIED, nothing recorded or enqueued) to everyone else.
@Suite("Who may command what", .timeLimit(.minutes(3)))
struct CommandAuthorizationTests {
    /// A refused request with a request_id records nothing: the operator finds no such command.
    static func expectNothingRecorded(_ requestID: String, _ stack: Stack) async {
        #expect(await rpcErrorCode { _ = try await stack.status(of: requestID) } == .notFound, "\(requestID)")
    }

    @Test(
        "Given an issuer, when it sells an invoice for itself, then it is accepted; as another issuer, an investor or an operator, then PERMISSION_DENIED and nothing is recorded"
    )
    func sellInvoice() async throws {
        try await withScenario { scenario in
            let issuer = try await scenario.givenIssuer()
            let sale = try await scenario.stack.sellInvoice(issuer: issuer, askingPrice: 500)
            #expect(try await scenario.stack.outcome(of: sale.commandID).state == .succeeded)

            for caller in [
                Credentials.issuer(freshID()), Credentials.investor(issuer), Credentials.investor(freshID()),
                Credentials.anOperator,
            ] {
                let requestID = freshID()
                let code = await rpcErrorCode {
                    _ = try await scenario.stack.sellInvoice(
                        issuer: issuer, askingPrice: 500, requestID: requestID, as: caller)
                }
                #expect(code == .permissionDenied, "\(caller.role) \(caller.subject)")
                await Self.expectNothingRecorded(requestID, scenario.stack)
            }
            #expect(scenario.events.events(of: issuer).count == 1, "only IssuerCreated")
        }
    }

    @Test(
        "Given an investor and an invoice, when the investor bids for itself, then it is accepted; as another investor, an issuer or an operator, then PERMISSION_DENIED and no money moves"
    )
    func bidOnInvoice() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenInvoice(askingPrice: 1_000)

            for caller in [
                Credentials.investor(freshID()), Credentials.issuer(investor), Credentials.issuer(invoice.issuer),
                Credentials.anOperator,
            ] {
                let requestID = freshID()
                let code = await rpcErrorCode {
                    _ = try await scenario.stack.bid(
                        investor: investor, invoice: invoice.id, amount: 1_000, requestID: requestID, as: caller)
                }
                #expect(code == .permissionDenied, "\(caller.role) \(caller.subject)")
                await Self.expectNothingRecorded(requestID, scenario.stack)
            }
            #expect(try await scenario.stack.investor(investor).reserved.minorUnits == 0)

            let bid = try await scenario.stack.bid(investor: investor, invoice: invoice.id, amount: 1_000)
            #expect(try await scenario.stack.outcome(of: bid).state == .succeeded)
        }
    }

    @Test(
        "Given a financed invoice, when an investor or an issuer (its own) asks to approve or reverse it, then PERMISSION_DENIED; an operator's approval is accepted"
    )
    func approveAndReverse() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenFinancedInvoice(askingPrice: 1_000, investor: investor, bid: 1_000)

            for caller in [Credentials.investor(investor), Credentials.issuer(invoice.issuer)] {
                #expect(
                    await rpcErrorCode { _ = try await scenario.stack.approve(invoice: invoice.id, as: caller) }
                        == .permissionDenied, "approve as \(caller.role)")
                #expect(
                    await rpcErrorCode { _ = try await scenario.stack.reverse(invoice: invoice.id, as: caller) }
                        == .permissionDenied, "reverse as \(caller.role)")
            }
            #expect(try await scenario.stack.invoice(invoice.id).status == .financed)

            let approval = try await scenario.stack.approve(invoice: invoice.id)
            #expect(try await scenario.stack.outcome(of: approval).state == .succeeded)
        }
    }

    @Test(
        "Given an investor's bid, when its submitter or an operator asks its status, then they get it; another investor gets PERMISSION_DENIED, as for an id that does not exist"
    )
    func commandStatus() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenInvoice(askingPrice: 1_000)
            let bid = try await scenario.stack.bid(investor: investor, invoice: invoice.id, amount: 1_000)

            _ = try await scenario.stack.outcome(of: bid)
            #expect(try await scenario.stack.status(of: bid, as: Credentials.investor(investor)).state == .succeeded)

            let stranger = Credentials.investor(freshID())
            #expect(
                await rpcErrorCode { _ = try await scenario.stack.status(of: bid, as: stranger) } == .permissionDenied)
            #expect(
                await rpcErrorCode {
                    _ = try await scenario.stack.status(of: bid, as: Credentials.issuer(invoice.issuer))
                }
                    == .permissionDenied)
            // Unknown ids are refused the same to non-operators: the answer says nothing of what exists.
            #expect(
                await rpcErrorCode { _ = try await scenario.stack.status(of: freshID(), as: stranger) }
                    == .permissionDenied)
            #expect(await rpcErrorCode { _ = try await scenario.stack.status(of: freshID()) } == .notFound)
        }
    }
}

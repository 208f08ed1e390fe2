import FinancingAPI
import GRPCCore
import Testing

/// SPEC §3: the listener checks format only and answers INVALID_ARGUMENT naming the field; a bad
/// request enqueues nothing.
@Suite("Malformed requests", .timeLimit(.minutes(3)))
struct ValidationTests {
    @Test(
        "Given a malformed request, when it is sent, then INVALID_ARGUMENT names the field and nothing is enqueued",
        arguments: MalformedRequest.all)
    func malformedRequestIsRefused(_ malformed: MalformedRequest) async throws {
        try await withStack { stack in
            let requestID = freshID()
            do {
                try await malformed.send(stack, requestID)
                Issue.record("the request was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument, "\(error)")
                #expect(error.message.contains(malformed.field), "message: \(error.message)")
            }
            if malformed.carriesRequestID {
                #expect(
                    await rpcErrorCode { _ = try await stack.status(of: requestID) } == .notFound,
                    "a refused request left command \(requestID) behind")
            }
        }
    }

    @Test(
        "Given a registered issuer, when it sells an invoice at the largest amount (10^15), then the invoice is created"
    )
    func largestAmountIsAccepted() async throws {
        try await withScenario { scenario in
            let issuer = try await scenario.givenIssuer()
            let price: Int64 = 1_000_000_000_000_000

            let sale = try await scenario.stack.sellInvoice(issuer: issuer, askingPrice: price)

            #expect(try await scenario.stack.outcome(of: sale.commandID).state == .succeeded)
            await scenario.events.expectStreams([
                (sale.invoiceID, [.invoiceCreated(sale.invoiceID, issuer: issuer, askingPrice: price)])
            ])
            #expect(
                try await scenario.stack.settledInvoice(sale.invoiceID, status: .available).askingPrice.minorUnits
                    == price)
        }
    }
}

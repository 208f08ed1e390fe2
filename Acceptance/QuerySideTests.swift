import FinancingAPI
import FinancingMessages
import Foundation
import Testing

/// The query side alone: domain events are put straight onto `financing.events`, as the relayer
/// would, and the read models are asserted through `Queries`.
@Suite("Query side", .timeLimit(.minutes(3)))
struct QuerySideTests {
    @Test(
        "Given investor events published straight onto the bus, one of them delivered three times, then GetInvestor counts it once"
    )
    func redeliveredEventIsCountedOnce() async throws {
        try await withScenario { scenario in
            let investor = freshID()
            let redelivered = UUID().uuidString.lowercased()
            try await publish(scenario, investor, "Investor", 1, "InvestorCreated", #"{"investor_id":"\#(investor)"}"#)
            try await publish(
                scenario, investor, "Investor", 2, "InvestorFundsAdded",
                #"{"investor_id":"\#(investor)","amount":5000}"#)
            for _ in 1...3 {
                try await publish(
                    scenario, investor, "Investor", 3, "InvestorFundsAdded",
                    #"{"investor_id":"\#(investor)","amount":700}"#, messageID: redelivered)
            }

            let funds = try await scenario.stack.settledFunds(of: investor, Funds(balance: 5_700))
            #expect(funds == Funds(balance: 5_700))
        }
    }

    @Test(
        "Given IssuerCreated and InvoiceCreated published straight onto the bus, then GetInvoice shows the invoice AVAILABLE"
    )
    func invoiceEventsBuildTheInvoiceReadModel() async throws {
        try await withScenario { scenario in
            let issuer = freshID()
            let invoice = freshID()
            try await publish(scenario, issuer, "Issuer", 1, "IssuerCreated", #"{"issuer_id":"\#(issuer)"}"#)
            try await publish(
                scenario, invoice, "Invoice", 1, "InvoiceCreated",
                #"{"invoice_id":"\#(invoice)","issuer_id":"\#(issuer)","asking_price":2500}"#)

            let shown = try await eventually("invoice \(invoice) in the read model") {
                try? await scenario.stack.invoice(invoice)
            }
            #expect(shown.issuerID == issuer)
            #expect(shown.askingPrice.minorUnits == 2_500)
            #expect(shown.status == .available)
            #expect(!shown.hasWinningBid)
        }
    }

    private func publish(
        _ scenario: Scenario, _ aggregateID: String, _ aggregateType: String, _ version: Int, _ type: String,
        _ payload: String, messageID: String = UUID().uuidString.lowercased()
    ) async throws {
        try await scenario.registrar.publishRaw(
            topic: Topic.events, key: aggregateID, value: payload,
            headers: [
                ("message_type", type), ("message_id", messageID), ("schema_version", "1"),
                ("aggregate_id", aggregateID), ("aggregate_type", aggregateType),
                ("aggregate_version", String(version)),
            ])
    }
}

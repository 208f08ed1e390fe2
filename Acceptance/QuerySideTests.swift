import FinancingAPI
import FinancingMessages
import Foundation
import Testing

/// The query side trusts the event store, not the bus: domain events forged straight onto
/// `financing.events` (anyone who reaches the broker could) never reach a read model, while what
/// goes through the handler does.
@Suite("Query side", .timeLimit(.minutes(3)))
struct QuerySideTests {
    @Test(
        "Given investor and invoice events forged onto the bus, when a real investor registers after them, then only the real one is shown"
    )
    func forgedEventsAreNotProjected() async throws {
        try await withScenario { scenario in
            let forgedInvestor = freshID()
            let forgedIssuer = freshID()
            let forgedInvoice = freshID()
            try await publish(
                scenario, forgedInvestor, "Investor", 1, "InvestorCreated", #"{"investor_id":"\#(forgedInvestor)"}"#)
            try await publish(
                scenario, forgedInvestor, "Investor", 2, "InvestorFundsAdded",
                #"{"investor_id":"\#(forgedInvestor)","amount":5000000}"#)
            try await publish(
                scenario, forgedIssuer, "Issuer", 1, "IssuerCreated", #"{"issuer_id":"\#(forgedIssuer)"}"#)
            try await publish(
                scenario, forgedInvoice, "Invoice", 1, "InvoiceCreated",
                #"{"invoice_id":"\#(forgedInvoice)","issuer_id":"\#(forgedIssuer)","asking_price":2500}"#)

            // Registered after the forgeries: once it shows, the projector has passed them.
            let real = try await scenario.registrar.registerInvestor(balance: 700)
            #expect(try await scenario.stack.settledFunds(of: real.id, Funds(balance: 700)) == Funds(balance: 700))

            await #expect(throws: (any Error).self, "the forged investor is shown") {
                try await scenario.stack.investor(forgedInvestor)
            }
            await #expect(throws: (any Error).self, "the forged invoice is shown") {
                try await scenario.stack.invoice(forgedInvoice)
            }
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

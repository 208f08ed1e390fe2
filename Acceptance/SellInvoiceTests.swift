import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import Testing

/// SPEC §1 row 3: an issuer puts an invoice on sale.
@Suite("Selling an invoice", .timeLimit(.minutes(3)))
struct SellInvoiceTests {
    @Test(
        "Given a registered issuer, when it sells an invoice, then InvoiceCreated is published, the command succeeds and the invoice is AVAILABLE"
    )
    func sellingCreatesAnAvailableInvoice() async throws {
        try await withScenario { scenario in
            let issuer = try await scenario.givenIssuer()

            let sale = try await scenario.stack.sellInvoice(issuer: issuer, askingPrice: 1_500)

            #expect(sale.invoiceID.isCanonicalUUID, "invoice_id \(sale.invoiceID)")
            #expect(sale.commandID.isCanonicalUUID, "command_id \(sale.commandID)")
            #expect(try await scenario.stack.outcome(of: sale.commandID).state == .succeeded)
            let invoice = try await scenario.stack.settledInvoice(sale.invoiceID, status: .available)
            #expect(invoice.invoiceID == sale.invoiceID)
            #expect(invoice.issuerID == issuer)
            #expect(invoice.askingPrice.minorUnits == 1_500)
            #expect(invoice.status == .available)
            #expect(!invoice.hasWinningBid)
            let available = try await scenario.stack.walk {
                try await scenario.stack.invoicesPage(size: 1_000, token: $0, status: .available)
            }.flatMap(\.items)
            #expect(available.filter { $0.invoiceID == sale.invoiceID } == [invoice], "AllInvoices(AVAILABLE)")
            #expect(available.allSatisfy { $0.status == .available }, "AllInvoices(AVAILABLE) lists other statuses")
            let all = try await scenario.stack.walk { try await scenario.stack.invoicesPage(size: 1_000, token: $0) }
            #expect(all.flatMap(\.items).filter { $0.invoiceID == sale.invoiceID } == [invoice], "AllInvoices")
            await scenario.events.expectStreams([
                (issuer, [.issuerCreated(issuer)]),
                (sale.invoiceID, [.invoiceCreated(sale.invoiceID, issuer: issuer, askingPrice: 1_500)]),
            ])
        }
    }

    @Test(
        "Given a client sending a traceparent in gRPC metadata, when it sells an invoice, then InvoiceCreated carries that traceparent"
    )
    func traceparentFromTheClientIsPropagated() async throws {
        try await withScenario { scenario in
            let issuer = try await scenario.givenIssuer()
            let traceparent =
                "00-\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))-00f067aa0ba902b7-01"
            var request = Financing_V1_SellInvoiceRequest()
            request.issuerID = issuer
            request.askingPrice.minorUnits = 900

            var metadata = try await Credentials.metadata(as: Credentials.issuer(issuer))
            metadata.addString(traceparent, forKey: "traceparent")
            let sale = try await scenario.stack.commands.sellInvoice(request, metadata: metadata)

            await scenario.events.expectStreams([
                (issuer, [.issuerCreated(issuer)]),
                (sale.invoiceID, [.invoiceCreated(sale.invoiceID, issuer: issuer, askingPrice: 900)]),
            ])
            #expect(scenario.events.events(of: sale.invoiceID).map { $0.headers["traceparent"] } == [traceparent])
        }
    }

    @Test(
        "Given no such issuer, when selling an invoice, then the command is REJECTED naming the issuer and nothing is created"
    )
    func unknownIssuerCannotSell() async throws {
        try await withScenario { scenario in
            let issuer = freshID()

            let sale = try await scenario.stack.sellInvoice(issuer: issuer, askingPrice: 1_500)

            let outcome = try await scenario.stack.outcome(of: sale.commandID)
            #expect(outcome.state == .rejected)
            #expect(outcome.reason.contains(issuer), "reason: \(outcome.reason)")
            await scenario.events.expectStreams([(issuer, []), (sale.invoiceID, [])])
            #expect(await rpcErrorCode { _ = try await scenario.stack.invoice(sale.invoiceID) } == .notFound)
        }
    }

    @Test("Given ids nobody used, when getting that invoice, investor or command status, then NOT_FOUND")
    func unknownInvoiceIsNotFound() async throws {
        try await withStack { stack in
            #expect(await rpcErrorCode { _ = try await stack.invoice(freshID()) } == .notFound)
            #expect(await rpcErrorCode { _ = try await stack.investor(freshID()) } == .notFound)
            #expect(await rpcErrorCode { _ = try await stack.status(of: freshID()) } == .notFound)
        }
    }
}

extension String {
    /// Whether the text is a UUID in canonical lower-case form, as SPEC §3 ids are.
    var isCanonicalUUID: Bool {
        guard let uuid = UUID(uuidString: self) else { return false }
        return uuid.uuidString.lowercased() == self
    }
}

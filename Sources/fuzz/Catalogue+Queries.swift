import FinancingAPI
import Foundation
import SwiftProtobuf

extension Catalogue {
    /// Message-level cases of the Queries service. List requests have no required field (an empty
    /// one is valid), so their cases are a negative or extreme page size, a page token the service
    /// never issued, and an unknown status.
    static func queryCases() -> [FuzzCase] {
        getCases() + listCases(.allInvestors) + listCases(.allIssuers) + listCases(.allInvoices) + statusFilterCases()
    }

    private static func getCases() -> [FuzzCase] {
        typealias Investor = Financing_V1_GetInvestorRequest
        typealias Invoice = Financing_V1_GetInvoiceRequest
        let none: @Sendable (Investor) -> String = { _ in "" }
        let noneInvoice: @Sendable (Invoice) -> String = { _ in "" }
        let investor: @Sendable (inout SeededGenerator, UUID) -> Investor = { g, _ in ValidRequest.getInvestor(&g) }
        let invoice: @Sendable (inout SeededGenerator, UUID) -> Invoice = { g, _ in ValidRequest.getInvoice(&g) }
        return idCases(.getInvestor, field: "investor_id", base: investor, requestID: none) { $0.investorID = $1 }
            + [
                idAsVarint(.getInvestor, field: "investor_id", number: 1, base: investor, requestID: none) {
                    $0.investorID = ""
                },
                emptyMessage(.getInvestor, field: "investor_id"),
            ]
            + idCases(.getInvoice, field: "invoice_id", base: invoice, requestID: noneInvoice) { $0.invoiceID = $1 }
            + [
                idAsVarint(.getInvoice, field: "invoice_id", number: 1, base: invoice, requestID: noneInvoice) {
                    $0.invoiceID = ""
                },
                emptyMessage(.getInvoice, field: "invoice_id"),
            ]
    }

    /// The three list RPCs share page_size and page_token; the request types differ, so each
    /// list is built through its own type.
    private static func listCases(_ endpoint: Endpoint) -> [FuzzCase] {
        switch endpoint {
        case .allInvestors:
            return pageCases(
                endpoint, base: { g, _ in ValidRequest.allInvestors(&g) },
                set: { message, size, token in
                    if let size { message.pageSize = size }
                    if let token { message.pageToken = token }
                })
        case .allIssuers:
            return pageCases(
                endpoint, base: { g, _ in ValidRequest.allIssuers(&g) },
                set: { message, size, token in
                    if let size { message.pageSize = size }
                    if let token { message.pageToken = token }
                })
        default:
            return pageCases(
                endpoint, base: { g, _ in ValidRequest.allInvoices(&g) },
                set: { message, size, token in
                    if let size { message.pageSize = size }
                    if let token { message.pageToken = token }
                })
        }
    }

    private static func pageCases<M: SwiftProtobuf.Message>(
        _ endpoint: Endpoint, base: @escaping @Sendable (inout SeededGenerator, UUID) -> M,
        set: @escaping @Sendable (inout M, Int32?, String?) -> Void
    ) -> [FuzzCase] {
        let none: @Sendable (M) -> String = { _ in "" }
        return [
            spoiled(endpoint, .negative, "page_size negative", field: "page_size", base: base, requestID: none) {
                message, g in
                let size = Int32.random(in: -1_000...(-1), using: &g)
                set(&message, size, nil)
                return String(size)
            },
            spoiled(endpoint, .int64Extremes, "page_size Int32.min", field: "page_size", base: base, requestID: none) {
                message, _ in
                set(&message, .min, nil)
                return String(Int32.min)
            },
            spoiled(endpoint, .badUUID, "page_token never issued", field: "page_token", base: base, requestID: none) {
                message, g in
                let (token, label) = badToken(&g)
                set(&message, nil, token)
                return label
            },
        ]
    }

    /// A status filter outside the enum: proto3 keeps the number, the service must refuse it.
    private static func statusFilterCases() -> [FuzzCase] {
        let none: @Sendable (Financing_V1_AllInvoicesRequest) -> String = { _ in "" }
        let base: @Sendable (inout SeededGenerator, UUID) -> Financing_V1_AllInvoicesRequest = { g, _ in
            ValidRequest.allInvoices(&g)
        }
        return [
            spoiled(
                .allInvoices, .unknownEnum, "status not an InvoiceStatus", field: "status", base: base, requestID: none
            ) {
                message, g in
                let value = [4, 5, 99, -1, Int(Int32.max), Int(Int32.min)].randomElement(using: &g)!
                message.status = .UNRECOGNIZED(value)
                return String(value)
            }
        ]
    }

    /// Tokens the service cannot have issued: not base64, or base64 of something other than
    /// "v1:" and a UUID.
    private static func badToken(_ g: inout SeededGenerator) -> (String, String) {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        switch Int.random(in: 0..<7, using: &g) {
        case 0: return ("not base64 !", "not base64")
        case 1: return ("v1:\(g.uuidText())", "not encoded")
        case 2: return (base64("v1:not-a-uuid"), "v1 without a UUID")
        case 3: return (base64("v2:\(g.uuidText())"), "unknown version")
        case 4: return (base64(g.uuidText()), "no version")
        case 5: return (Data([0xFF, 0xFE, 0x00, 0x80]).base64EncodedString(), "base64 of non-UTF-8")
        default: return (BadValues.uuid(&g).text, "a bad UUID")
        }
    }
}

import FinancingAPI
import Foundation
import SwiftProtobuf

/// Well-formed requests with fresh ids, the base that most cases spoil in one place. Commands
/// built here target aggregates that do not exist, so even one that got through would be
/// rejected by the handler and raise no event.
enum ValidRequest {
    static func money(_ minorUnits: Int64) -> Financing_V1_Money {
        var money = Financing_V1_Money()
        money.minorUnits = minorUnits
        return money
    }

    static func sell(_ g: inout SeededGenerator, requestID: UUID) -> Financing_V1_SellInvoiceRequest {
        var request = Financing_V1_SellInvoiceRequest()
        request.issuerID = g.uuidText()
        request.askingPrice = money(Int64.random(in: 1...1_000_000, using: &g))
        request.requestID = requestID.uuidString.lowercased()
        return request
    }

    static func bid(_ g: inout SeededGenerator, requestID: UUID) -> Financing_V1_BidOnInvoiceRequest {
        var request = Financing_V1_BidOnInvoiceRequest()
        request.investorID = g.uuidText()
        request.invoiceID = g.uuidText()
        request.bid = money(Int64.random(in: 1...1_000_000, using: &g))
        request.requestID = requestID.uuidString.lowercased()
        return request
    }

    static func approve(_ g: inout SeededGenerator, requestID: UUID) -> Financing_V1_ApproveFinancingRequest {
        var request = Financing_V1_ApproveFinancingRequest()
        request.invoiceID = g.uuidText()
        request.requestID = requestID.uuidString.lowercased()
        return request
    }

    static func reverse(_ g: inout SeededGenerator, requestID: UUID) -> Financing_V1_ReverseFinancingRequest {
        var request = Financing_V1_ReverseFinancingRequest()
        request.invoiceID = g.uuidText()
        request.requestID = requestID.uuidString.lowercased()
        return request
    }

    static func status(_ g: inout SeededGenerator) -> Financing_V1_GetCommandStatusRequest {
        var request = Financing_V1_GetCommandStatusRequest()
        request.commandID = g.uuidText()
        return request
    }

    static func allInvestors(_ g: inout SeededGenerator) -> Financing_V1_AllInvestorsRequest {
        var request = Financing_V1_AllInvestorsRequest()
        request.pageSize = Int32.random(in: 1...10, using: &g)
        return request
    }

    static func allInvoices(_ g: inout SeededGenerator) -> Financing_V1_AllInvoicesRequest {
        var request = Financing_V1_AllInvoicesRequest()
        request.pageSize = Int32.random(in: 1...10, using: &g)
        if Bool.random(using: &g) { request.status = .financed }
        return request
    }

    static func allIssuers(_ g: inout SeededGenerator) -> Financing_V1_AllIssuersRequest {
        var request = Financing_V1_AllIssuersRequest()
        request.pageSize = Int32.random(in: 1...10, using: &g)
        return request
    }

    static func getInvestor(_ g: inout SeededGenerator) -> Financing_V1_GetInvestorRequest {
        var request = Financing_V1_GetInvestorRequest()
        request.investorID = g.uuidText()
        return request
    }

    static func getInvoice(_ g: inout SeededGenerator) -> Financing_V1_GetInvoiceRequest {
        var request = Financing_V1_GetInvoiceRequest()
        request.invoiceID = g.uuidText()
        return request
    }

    /// A well-formed request of any RPC, serialized; commands carry a fresh request_id.
    static func bytes(for endpoint: Endpoint, _ g: inout SeededGenerator) -> (bytes: [UInt8], requestID: UUID?) {
        let requestID = g.uuid()
        switch endpoint {
        case .sellInvoice: return (wire(sell(&g, requestID: requestID)), requestID)
        case .bidOnInvoice: return (wire(bid(&g, requestID: requestID)), requestID)
        case .approveFinancing: return (wire(approve(&g, requestID: requestID)), requestID)
        case .reverseFinancing: return (wire(reverse(&g, requestID: requestID)), requestID)
        case .getCommandStatus: return (wire(status(&g)), nil)
        case .allInvestors: return (wire(allInvestors(&g)), nil)
        case .allInvoices: return (wire(allInvoices(&g)), nil)
        case .allIssuers: return (wire(allIssuers(&g)), nil)
        case .getInvestor: return (wire(getInvestor(&g)), nil)
        case .getInvoice: return (wire(getInvoice(&g)), nil)
        }
    }

    /// Binary protobuf; encoding a generated message in memory has no way to fail.
    static func wire(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        try! message.serializedBytes()
    }
}

import FinancingAPI
import Foundation
import SwiftProtobuf

extension Catalogue {
    /// Message-level cases of the four commands and GetCommandStatus.
    static func commandCases() -> [FuzzCase] {
        sellCases() + bidCases() + settleCases(.approveFinancing) + settleCases(.reverseFinancing) + statusCases()
    }

    private static func sellCases() -> [FuzzCase] {
        typealias Request = Financing_V1_SellInvoiceRequest
        let base: @Sendable (inout SeededGenerator, UUID) -> Request = { g, id in ValidRequest.sell(&g, requestID: id) }
        let requestID: @Sendable (Request) -> String = { $0.requestID }
        return idCases(.sellInvoice, field: "issuer_id", base: base, requestID: requestID) { $0.issuerID = $1 }
            + idCases(.sellInvoice, field: "request_id", optional: true, base: base, requestID: requestID) {
                $0.requestID = $1
            }
            + amountCases(.sellInvoice, field: "asking_price", number: 2, base: base, requestID: requestID) {
                message, money in
                if let money { message.askingPrice = money } else { message.clearAskingPrice() }
            }
            + [
                idAsVarint(.sellInvoice, field: "issuer_id", number: 1, base: base, requestID: requestID) {
                    $0.issuerID = ""
                },
                emptyMessage(.sellInvoice, field: "issuer_id"),
            ]
    }

    private static func bidCases() -> [FuzzCase] {
        typealias Request = Financing_V1_BidOnInvoiceRequest
        let base: @Sendable (inout SeededGenerator, UUID) -> Request = { g, id in ValidRequest.bid(&g, requestID: id) }
        let requestID: @Sendable (Request) -> String = { $0.requestID }
        return idCases(.bidOnInvoice, field: "investor_id", base: base, requestID: requestID) { $0.investorID = $1 }
            + idCases(.bidOnInvoice, field: "invoice_id", base: base, requestID: requestID) { $0.invoiceID = $1 }
            + idCases(.bidOnInvoice, field: "request_id", optional: true, base: base, requestID: requestID) {
                $0.requestID = $1
            }
            + amountCases(.bidOnInvoice, field: "bid", number: 3, base: base, requestID: requestID) { message, money in
                if let money { message.bid = money } else { message.clearBid() }
            }
            + [
                idAsVarint(.bidOnInvoice, field: "invoice_id", number: 2, base: base, requestID: requestID) {
                    $0.invoiceID = ""
                },
                emptyMessage(.bidOnInvoice, field: "investor_id"),
            ]
    }

    /// ApproveFinancing and ReverseFinancing have the same request shape.
    private static func settleCases(_ endpoint: Endpoint) -> [FuzzCase] {
        if endpoint == .approveFinancing {
            typealias Request = Financing_V1_ApproveFinancingRequest
            let base: @Sendable (inout SeededGenerator, UUID) -> Request = { ValidRequest.approve(&$0, requestID: $1) }
            let requestID: @Sendable (Request) -> String = { $0.requestID }
            return idCases(endpoint, field: "invoice_id", base: base, requestID: requestID) { $0.invoiceID = $1 }
                + idCases(endpoint, field: "request_id", optional: true, base: base, requestID: requestID) {
                    $0.requestID = $1
                }
                + [
                    idAsVarint(endpoint, field: "invoice_id", number: 1, base: base, requestID: requestID) {
                        $0.invoiceID = ""
                    },
                    emptyMessage(endpoint, field: "invoice_id"),
                ]
        }
        typealias Request = Financing_V1_ReverseFinancingRequest
        let base: @Sendable (inout SeededGenerator, UUID) -> Request = { ValidRequest.reverse(&$0, requestID: $1) }
        let requestID: @Sendable (Request) -> String = { $0.requestID }
        return idCases(endpoint, field: "invoice_id", base: base, requestID: requestID) { $0.invoiceID = $1 }
            + idCases(endpoint, field: "request_id", optional: true, base: base, requestID: requestID) {
                $0.requestID = $1
            }
            + [
                idAsVarint(endpoint, field: "invoice_id", number: 1, base: base, requestID: requestID) {
                    $0.invoiceID = ""
                },
                emptyMessage(endpoint, field: "invoice_id"),
            ]
    }

    private static func statusCases() -> [FuzzCase] {
        typealias Request = Financing_V1_GetCommandStatusRequest
        let base: @Sendable (inout SeededGenerator, UUID) -> Request = { g, _ in ValidRequest.status(&g) }
        let none: @Sendable (Request) -> String = { _ in "" }
        return idCases(.getCommandStatus, field: "command_id", base: base, requestID: none) { $0.commandID = $1 }
            + [
                idAsVarint(.getCommandStatus, field: "command_id", number: 1, base: base, requestID: none) {
                    $0.commandID = ""
                },
                emptyMessage(.getCommandStatus, field: "command_id"),
            ]
    }

    /// Every wrong amount: missing, zero, negative, the Int64 extremes, above the 10^15 cap, and
    /// amounts whose sum with any balance would overflow Int64.
    private static func amountCases<M: SwiftProtobuf.Message>(
        _ endpoint: Endpoint, field: String, number: Int,
        base: @escaping @Sendable (inout SeededGenerator, UUID) -> M,
        requestID: @escaping @Sendable (M) -> String,
        set: @escaping @Sendable (inout M, Financing_V1_Money?) -> Void
    ) -> [FuzzCase] {
        func amount(_ category: Category, _ name: String, _ value: @escaping @Sendable (inout SeededGenerator) -> Int64)
            -> FuzzCase
        {
            spoiled(endpoint, category, "\(field) \(name)", field: field, base: base, requestID: requestID) {
                message, g in
                let minorUnits = value(&g)
                set(&message, ValidRequest.money(minorUnits))
                return String(minorUnits)
            }
        }
        let cap: Int64 = 1_000_000_000_000_000
        return [
            spoiled(endpoint, .missingField, "\(field) missing", field: field, base: base, requestID: requestID) {
                message, _ in
                set(&message, nil)
                return "no Money"
            },
            amount(.zero, "0") { _ in 0 },
            amount(.negative, "negative") { g in Int64.random(in: -cap...(-1), using: &g) },
            amount(.int64Extremes, "Int64.max") { _ in .max },
            amount(.int64Extremes, "Int64.min") { _ in .min },
            amount(.overflow, "10^15 + 1 (over the cap)") { _ in cap + 1 },
            amount(.overflow, "near Int64.max (any sum overflows)") { g in
                Int64.random(in: (Int64.max - cap)...Int64.max, using: &g)
            },
            rawSpoiled(
                endpoint, .overflow, "\(field) an 11-byte varint", field: nil, base: base, requestID: requestID,
                clear: { set(&$0, nil) },
                append: { writer, _ in
                    var money = ProtoWriter()
                    money.tag(1, .varint)
                    // Ten continuation bytes: more than any 64-bit integer takes.
                    money.varint(UInt64.max)
                    var bytes = money.bytes
                    bytes[bytes.count - 1] |= 0x80
                    bytes.append(0x01)
                    writer.lengthDelimited(number, bytes)
                    return "minor_units of 11 varint bytes"
                }),
            rawSpoiled(
                endpoint, .unknownEnum, "\(field) with a varint wire type", field: field, base: base,
                requestID: requestID, clear: { set(&$0, nil) },
                append: { writer, g in
                    writer.varintField(number, UInt64.random(in: 1...1_000_000, using: &g))
                    return "Money as varint"
                }),
        ]
    }
}

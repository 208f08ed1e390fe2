import FinancingAPI
import Foundation
import Testing

/// A request the listener must refuse with INVALID_ARGUMENT naming `field` (SPEC §3).
struct MalformedRequest: Sendable, CustomTestStringConvertible {
    let testDescription: String
    /// The field the error message must name.
    let field: String
    /// Whether the request carries a valid `request_id` (then GetCommandStatus must not know it afterwards).
    let carriesRequestID: Bool
    /// Sends the request with `requestID` where the case has a valid one.
    let send: @Sendable (_ stack: Stack, _ requestID: String) async throws -> Void
}

extension MalformedRequest {
    /// Ids that are not canonical UUIDs: garbage, empty, upper-case.
    static let badIDs = [("garbage", "not-a-uuid"), ("empty", ""), ("upper-case", UUID().uuidString)]
    /// Amounts out of range, or absent (nil).
    static let badAmounts: [(String, Int64?)] = [
        ("zero", 0), ("negative", -1), ("above 10^15", 1_000_000_000_000_001), ("Int64.max", .max), ("missing", nil),
    ]
    static let badRequestIDs = [("garbage", "request-1"), ("upper-case", UUID().uuidString)]

    static var all: [MalformedRequest] { sellInvoice + bidOnInvoice + settlement + lookups }

    static var sellInvoice: [MalformedRequest] {
        return badIDs.map { name, id in
            MalformedRequest(
                testDescription: "SellInvoice with a \(name) issuer_id", field: "issuer_id", carriesRequestID: true
            ) {
                var request = sale(issuer: id)
                request.requestID = $1
                _ = try await $0.commands.sellInvoice(request)
            }
        }
            + badAmounts.map { name, amount in
                MalformedRequest(
                    testDescription: "SellInvoice with a \(name) asking_price", field: "asking_price",
                    carriesRequestID: true
                ) {
                    var request = sale(price: amount)
                    request.requestID = $1
                    _ = try await $0.commands.sellInvoice(request)
                }
            }
            + badRequestIDs.map { name, requestID in
                MalformedRequest(
                    testDescription: "SellInvoice with a \(name) request_id", field: "request_id",
                    carriesRequestID: false
                ) {
                    stack, _ in _ = try await stack.commands.sellInvoice(sale(requestID: requestID))
                }
            }
    }

    static var bidOnInvoice: [MalformedRequest] {
        return badIDs.map { name, id in
            MalformedRequest(
                testDescription: "BidOnInvoice with a \(name) investor_id", field: "investor_id", carriesRequestID: true
            ) {
                _ = try await $0.commands.bidOnInvoice(bid(investor: id, requestID: $1))
            }
        }
            + badIDs.map { name, id in
                MalformedRequest(
                    testDescription: "BidOnInvoice with a \(name) invoice_id", field: "invoice_id",
                    carriesRequestID: true
                ) {
                    _ = try await $0.commands.bidOnInvoice(bid(invoice: id, requestID: $1))
                }
            }
            + badAmounts.map { name, amount in
                MalformedRequest(
                    testDescription: "BidOnInvoice with a \(name) bid", field: "bid", carriesRequestID: true
                ) {
                    _ = try await $0.commands.bidOnInvoice(bid(amount: amount, requestID: $1))
                }
            }
            + badRequestIDs.map { name, requestID in
                MalformedRequest(
                    testDescription: "BidOnInvoice with a \(name) request_id", field: "request_id",
                    carriesRequestID: false
                ) {
                    stack, _ in _ = try await stack.commands.bidOnInvoice(bid(requestID: requestID))
                }
            }
    }

    static var settlement: [MalformedRequest] {
        return badIDs.flatMap { name, id in
            [
                MalformedRequest(
                    testDescription: "ApproveFinancing with a \(name) invoice_id", field: "invoice_id",
                    carriesRequestID: true
                ) {
                    _ = try await $0.commands.approveFinancing(approval(id, $1))
                },
                MalformedRequest(
                    testDescription: "ReverseFinancing with a \(name) invoice_id", field: "invoice_id",
                    carriesRequestID: true
                ) {
                    _ = try await $0.commands.reverseFinancing(reversal(id, $1))
                },
            ]
        }
            + badRequestIDs.flatMap { name, requestID in
                [
                    MalformedRequest(
                        testDescription: "ApproveFinancing with a \(name) request_id", field: "request_id",
                        carriesRequestID: false
                    ) {
                        stack, _ in _ = try await stack.commands.approveFinancing(approval(freshID(), requestID))
                    },
                    MalformedRequest(
                        testDescription: "ReverseFinancing with a \(name) request_id", field: "request_id",
                        carriesRequestID: false
                    ) {
                        stack, _ in _ = try await stack.commands.reverseFinancing(reversal(freshID(), requestID))
                    },
                ]
            }
    }

    static var lookups: [MalformedRequest] {
        badIDs.flatMap { name, id in
            [
                MalformedRequest(
                    testDescription: "GetCommandStatus with a \(name) command_id", field: "command_id",
                    carriesRequestID: false
                ) {
                    stack, _ in _ = try await stack.status(of: id)
                },
                MalformedRequest(
                    testDescription: "GetInvestor with a \(name) investor_id", field: "investor_id",
                    carriesRequestID: false
                ) {
                    stack, _ in _ = try await stack.investor(id)
                },
                MalformedRequest(
                    testDescription: "GetInvoice with a \(name) invoice_id", field: "invoice_id",
                    carriesRequestID: false
                ) {
                    stack, _ in _ = try await stack.invoice(id)
                },
            ]
        }
    }
}

// MARK: Request builders: valid but for the field under test

private func sale(issuer: String = freshID(), price: Int64? = 1_000, requestID: String? = nil)
    -> Financing_V1_SellInvoiceRequest
{
    var request = Financing_V1_SellInvoiceRequest()
    request.issuerID = issuer
    if let price { request.askingPrice = money(price) }
    if let requestID { request.requestID = requestID }
    return request
}

private func bid(investor: String = freshID(), invoice: String = freshID(), amount: Int64? = 1_000, requestID: String)
    -> Financing_V1_BidOnInvoiceRequest
{
    var request = Financing_V1_BidOnInvoiceRequest()
    request.investorID = investor
    request.invoiceID = invoice
    if let amount { request.bid = money(amount) }
    request.requestID = requestID
    return request
}

private func approval(_ invoice: String, _ requestID: String) -> Financing_V1_ApproveFinancingRequest {
    var request = Financing_V1_ApproveFinancingRequest()
    request.invoiceID = invoice
    request.requestID = requestID
    return request
}

private func reversal(_ invoice: String, _ requestID: String) -> Financing_V1_ReverseFinancingRequest {
    var request = Financing_V1_ReverseFinancingRequest()
    request.invoiceID = invoice
    request.requestID = requestID
    return request
}

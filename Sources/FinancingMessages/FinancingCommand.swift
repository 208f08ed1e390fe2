import FinancingDomain

import struct Foundation.UUID

/// A command as it travels on `financing.commands`, keyed by its target aggregate.
public enum FinancingCommand: Sendable, Hashable {
    /// Put an invoice (its id chosen by the listener) on sale.
    case sellInvoice(invoice: InvoiceID, issuer: IssuerID, askingPrice: Money)
    /// Bid on an invoice; targets the investor, whose funds are reserved.
    case bidOnInvoice(investor: InvestorID, invoice: InvoiceID, bid: Money)
    /// Approve a financed invoice.
    case approveFinancing(invoice: InvoiceID)
    /// Reverse a financed invoice.
    case reverseFinancing(invoice: InvoiceID)

    /// The `message_type`.
    public var type: String {
        switch self {
        case .sellInvoice: "SellInvoice"
        case .bidOnInvoice: "BidOnInvoice"
        case .approveFinancing: "ApproveFinancing"
        case .reverseFinancing: "ReverseFinancing"
        }
    }

    /// The aggregate the command changes: the Kafka key.
    public var targetID: UUID {
        switch self {
        case .sellInvoice(let invoice, _, _), .approveFinancing(let invoice), .reverseFinancing(let invoice):
            invoice.uuid
        case .bidOnInvoice(let investor, _, _): investor.uuid
        }
    }

    /// What the client asked, without the ids the listener generated: equal for a faithful retry.
    public var fingerprint: String {
        switch self {
        case .sellInvoice(_, let issuer, let price): "SellInvoice issuer=\(issuer) asking_price=\(price)"
        case .bidOnInvoice(let investor, let invoice, let bid):
            "BidOnInvoice investor=\(investor) invoice=\(invoice) bid=\(bid)"
        case .approveFinancing(let invoice): "ApproveFinancing invoice=\(invoice)"
        case .reverseFinancing(let invoice): "ReverseFinancing invoice=\(invoice)"
        }
    }

    /// The JSON value.
    public func encoded() -> [UInt8] {
        switch self {
        case .sellInvoice(let invoice, let issuer, let price):
            WireJSON.encode(
                CommandPayload(
                    invoiceID: invoice.description, issuerID: issuer.description, askingPrice: price.minorUnits))
        case .bidOnInvoice(let investor, let invoice, let bid):
            WireJSON.encode(
                CommandPayload(
                    investorID: investor.description, invoiceID: invoice.description, bidAmount: bid.minorUnits))
        case .approveFinancing(let invoice), .reverseFinancing(let invoice):
            WireJSON.encode(CommandPayload(invoiceID: invoice.description))
        }
    }

    /// Reads a command; throws for an unknown type or a malformed payload.
    public static func decode(type: String, payload: [UInt8]) throws(WireFormatError) -> FinancingCommand {
        let fields = try WireJSON.decode(CommandPayload.self, from: payload, messageType: type)
        func id<Tag>(_ value: String?, _ field: String) throws(WireFormatError) -> Identifier<Tag> {
            guard let value else { throw WireFormatError("\(type): missing field \(field)") }
            return try WireJSON.id(value, field: field, in: type)
        }
        func money(_ value: Int64?, _ field: String) throws(WireFormatError) -> Money {
            guard let value else { throw WireFormatError("\(type): missing field \(field)") }
            return Money(minorUnits: value)
        }
        switch type {
        case "SellInvoice":
            return .sellInvoice(
                invoice: try id(fields.invoiceID, "invoice_id"), issuer: try id(fields.issuerID, "issuer_id"),
                askingPrice: try money(fields.askingPrice, "asking_price"))
        case "BidOnInvoice":
            return .bidOnInvoice(
                investor: try id(fields.investorID, "investor_id"), invoice: try id(fields.invoiceID, "invoice_id"),
                bid: try money(fields.bidAmount, "bid_amount"))
        case "ApproveFinancing":
            return .approveFinancing(invoice: try id(fields.invoiceID, "invoice_id"))
        case "ReverseFinancing":
            return .reverseFinancing(invoice: try id(fields.invoiceID, "invoice_id"))
        default:
            throw WireFormatError("unknown command type \(type)")
        }
    }
}

/// The JSON of every command.
struct CommandPayload: Codable {
    var investorID: String?
    var invoiceID: String?
    var issuerID: String?
    var askingPrice: Int64?
    var bidAmount: Int64?

    enum CodingKeys: String, CodingKey {
        case investorID = "investor_id"
        case invoiceID = "invoice_id"
        case issuerID = "issuer_id"
        case askingPrice = "asking_price"
        case bidAmount = "bid_amount"
    }
}

import CanonicalUUID
import EventSourcing
import FinancingDomain

import struct Foundation.UUID

/// The JSON of every investor event (SPEC §4): `investor_id` plus the event's own fields.
struct InvestorEventPayload: Codable {
    let investorID: String
    var amount: Int64?
    var invoiceID: String?
    var bidAmount: Int64?

    enum CodingKeys: String, CodingKey {
        case investorID = "investor_id"
        case amount
        case invoiceID = "invoice_id"
        case bidAmount = "bid_amount"
    }
}

extension EventCodec where Event == Investor.Event {
    /// Investor events on the wire.
    public static var investor: Self {
        Self(
            encode: { id, event in
                var payload = InvestorEventPayload(investorID: id.canonicalText)
                switch event {
                case .created: break
                case .fundsAdded(let amount), .fundsReleased(let amount), .fundsCommitted(let amount):
                    payload.amount = amount.minorUnits
                case .bidOnInvoicePlaced(let invoice, let amount):
                    payload.invoiceID = invoice.description
                    payload.bidAmount = amount.minorUnits
                }
                return EncodedEvent(type: event.name, payload: WireJSON.encode(payload))
            },
            decode: { type, bytes in try decodeInvestorEvent(type: type, bytes: bytes) }
        )
    }
}

private func decodeInvestorEvent(type: String, bytes: [UInt8]) throws(WireFormatError) -> Investor.Event {
    let payload = try WireJSON.decode(InvestorEventPayload.self, from: bytes, messageType: type)
    switch type {
    case "InvestorCreated":
        return .created(try WireJSON.id(payload.investorID, field: "investor_id", in: type))
    case "InvestorFundsAdded":
        return .fundsAdded(Money(minorUnits: try WireJSON.required(payload.amount, "amount", in: type)))
    case "BidOnInvoicePlaced":
        let invoice: InvoiceID = try WireJSON.id(
            try WireJSON.required(payload.invoiceID, "invoice_id", in: type), field: "invoice_id", in: type)
        return .bidOnInvoicePlaced(
            invoice: invoice,
            amount: Money(minorUnits: try WireJSON.required(payload.bidAmount, "bid_amount", in: type)))
    case "InvestorFundsReleased":
        return .fundsReleased(Money(minorUnits: try WireJSON.required(payload.amount, "amount", in: type)))
    case "InvestorFundsCommitted":
        return .fundsCommitted(Money(minorUnits: try WireJSON.required(payload.amount, "amount", in: type)))
    default:
        throw WireFormatError("unknown investor event type \(type)")
    }
}

import CanonicalUUID
import EventSourcing
import FinancingDomain

import struct Foundation.UUID

/// The JSON of every invoice event (SPEC §4): `invoice_id` plus the event's own fields.
struct InvoiceEventPayload: Codable {
    let invoiceID: String
    var issuerID: String?
    var askingPrice: Int64?
    var bid: BidPayload?

    enum CodingKeys: String, CodingKey {
        case invoiceID = "invoice_id"
        case issuerID = "issuer_id"
        case askingPrice = "asking_price"
        case bid
    }
}

extension EventCodec where Event == Invoice.Event {
    /// Invoice events on the wire.
    public static var invoice: Self {
        Self(
            encode: { id, event in
                var payload = InvoiceEventPayload(invoiceID: id.canonicalText)
                switch event {
                case .created(let listing):
                    payload.issuerID = listing.issuer.description
                    payload.askingPrice = listing.askingPrice.minorUnits
                case .financed(let askingPrice, let bid), .approved(let askingPrice, let bid),
                    .reversed(let askingPrice, let bid):
                    payload.askingPrice = askingPrice.minorUnits
                    payload.bid = BidPayload(bid)
                case .bidRejected(let bid):
                    payload.bid = BidPayload(bid)
                }
                return EncodedEvent(type: event.name, payload: WireJSON.encode(payload))
            },
            decode: { type, bytes in try decodeInvoiceEvent(type: type, bytes: bytes) }
        )
    }
}

private func decodeInvoiceEvent(type: String, bytes: [UInt8]) throws(WireFormatError) -> Invoice.Event {
    let payload = try WireJSON.decode(InvoiceEventPayload.self, from: bytes, messageType: type)
    let id: InvoiceID = try WireJSON.id(payload.invoiceID, field: "invoice_id", in: type)
    switch type {
    case "InvoiceCreated":
        let issuer: IssuerID = try WireJSON.id(
            try WireJSON.required(payload.issuerID, "issuer_id", in: type), field: "issuer_id", in: type)
        let price = Money(minorUnits: try WireJSON.required(payload.askingPrice, "asking_price", in: type))
        return .created(Invoice.Listing(id: id, issuer: issuer, askingPrice: price))
    case "InvoiceFinanced", "InvoiceApproved", "InvoiceReversed":
        let price = Money(minorUnits: try WireJSON.required(payload.askingPrice, "asking_price", in: type))
        let bid = try WireJSON.required(payload.bid, "bid", in: type).bid(in: type)
        switch type {
        case "InvoiceFinanced": return .financed(askingPrice: price, bid: bid)
        case "InvoiceApproved": return .approved(askingPrice: price, bid: bid)
        default: return .reversed(askingPrice: price, bid: bid)
        }
    case "BidOnInvoiceRejected":
        return .bidRejected(try WireJSON.required(payload.bid, "bid", in: type).bid(in: type))
    default:
        throw WireFormatError("unknown invoice event type \(type)")
    }
}

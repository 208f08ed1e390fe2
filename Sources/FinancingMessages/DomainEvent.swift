import EventSourcing
import FinancingDomain

import struct Foundation.UUID

/// Any domain event read from `financing.events` or the event store, with its aggregate.
public enum DomainEvent: Sendable, Hashable {
    case investor(InvestorID, Investor.Event)
    case invoice(InvoiceID, Invoice.Event)
    case issuer(IssuerID, Issuer.Event)

    static let investorTypes: Set = [
        "InvestorCreated", "InvestorFundsAdded", "BidOnInvoicePlaced", "InvestorFundsReleased",
        "InvestorFundsCommitted",
    ]
    static let invoiceTypes: Set = [
        "InvoiceCreated", "InvoiceFinanced", "BidOnInvoiceRejected", "InvoiceApproved", "InvoiceReversed",
    ]

    /// Reads an event whose aggregate id is `aggregateID`; throws for an unknown type or bad JSON.
    public static func decode(type: String, aggregateID: UUID, payload: [UInt8]) throws -> DomainEvent {
        if investorTypes.contains(type) {
            return .investor(InvestorID(aggregateID), try EventCodec.investor.decode(type, payload))
        }
        if invoiceTypes.contains(type) {
            return .invoice(InvoiceID(aggregateID), try EventCodec.invoice.decode(type, payload))
        }
        if type == "IssuerCreated" {
            return .issuer(IssuerID(aggregateID), try EventCodec.issuer.decode(type, payload))
        }
        throw WireFormatError("unknown event type \(type)")
    }

    /// Reads a stored event.
    public static func decode(_ recorded: RecordedEvent) throws -> DomainEvent {
        try decode(type: recorded.type, aggregateID: recorded.stream.id, payload: recorded.payload)
    }
}

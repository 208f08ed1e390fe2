import EventSourcing
import FinancingDomain
import Foundation

/// An investor's account as a snapshot stores it.
struct InvestorSnapshot: Codable {
    let investorID: String
    let balance: Int64
    let reserved: Int64
    let committed: Int64
    let fundsAdded: Int64

    enum CodingKeys: String, CodingKey {
        case investorID = "investor_id"
        case balance, reserved, committed
        case fundsAdded = "funds_added"
    }
}

/// An invoice's phase, listing and winning bid as a snapshot stores them.
struct InvoiceSnapshot: Codable {
    let invoiceID: String
    let issuerID: String
    let askingPrice: Int64
    let status: Int
    let bid: BidPayload?

    enum CodingKeys: String, CodingKey {
        case invoiceID = "invoice_id"
        case issuerID = "issuer_id"
        case askingPrice = "asking_price"
        case status, bid
    }
}

extension SnapshotCodec where State == Investor.State {
    /// Investor snapshots; an unregistered investor is never snapshotted (it has no events).
    public static var investor: Self {
        Self(
            revision: 1,
            encode: { state in
                guard case .active(let account) = state else { return [] }
                return WireJSON.encode(
                    InvestorSnapshot(
                        investorID: account.id.description, balance: account.balance.minorUnits,
                        reserved: account.reserved.minorUnits, committed: account.committed.minorUnits,
                        fundsAdded: account.fundsAdded.minorUnits))
            },
            decode: { bytes in
                let snapshot = try WireJSON.decode(InvestorSnapshot.self, from: bytes, messageType: "InvestorSnapshot")
                let id: InvestorID = try WireJSON.id(snapshot.investorID, field: "investor_id", in: "InvestorSnapshot")
                return .active(
                    Investor.Account(
                        id: id, balance: Money(minorUnits: snapshot.balance),
                        reserved: Money(minorUnits: snapshot.reserved),
                        committed: Money(minorUnits: snapshot.committed),
                        fundsAdded: Money(minorUnits: snapshot.fundsAdded)))
            })
    }
}

extension SnapshotCodec where State == Invoice.State {
    /// Invoice snapshots.
    public static var invoice: Self {
        Self(
            revision: 1,
            encode: { state in
                guard let listing = state.listing, let status = state.status else { return [] }
                return WireJSON.encode(
                    InvoiceSnapshot(
                        invoiceID: listing.id.description, issuerID: listing.issuer.description,
                        askingPrice: listing.askingPrice.minorUnits, status: status.rawValue,
                        bid: state.winningBid.map(BidPayload.init)))
            },
            decode: { bytes in
                let type = "InvoiceSnapshot"
                let snapshot = try WireJSON.decode(InvoiceSnapshot.self, from: bytes, messageType: type)
                let listing = Invoice.Listing(
                    id: try WireJSON.id(snapshot.invoiceID, field: "invoice_id", in: type),
                    issuer: try WireJSON.id(snapshot.issuerID, field: "issuer_id", in: type),
                    askingPrice: Money(minorUnits: snapshot.askingPrice))
                let bid = try snapshot.bid?.bid(in: type)
                switch (Invoice.Status(rawValue: snapshot.status), bid) {
                case (.available, _): return .available(listing)
                case (.financed, let bid?): return .financed(listing, winningBid: bid)
                case (.approved, let bid?): return .approved(listing, winningBid: bid)
                case (.reversed, let bid?): return .reversed(listing, winningBid: bid)
                default: throw WireFormatError("\(type): status \(snapshot.status) does not fit its bid")
                }
            })
    }
}

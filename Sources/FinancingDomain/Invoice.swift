/// An invoice on sale. Invariant: at most one winning bid, and the status only moves
/// AVAILABLE → FINANCED → (APPROVED or REVERSED).
public enum Invoice: Decider {
    public static let aggregateType = "Invoice"

    /// One case per lifecycle phase, so a financed invoice without a winning bid cannot exist.
    public enum State: Hashable, Sendable {
        case initial
        case available(Listing)
        case financed(Listing, winningBid: Bid)
        case approved(Listing, winningBid: Bid)
        case reversed(Listing, winningBid: Bid)
    }

    /// What an invoice is once it is on sale.
    public struct Listing: Hashable, Sendable {
        public let id: InvoiceID
        public let issuer: IssuerID
        public let askingPrice: Money

        public init(id: InvoiceID, issuer: IssuerID, askingPrice: Money) {
            self.id = id
            self.issuer = issuer
            self.askingPrice = askingPrice
        }
    }

    /// The status names of SPEC §3, in the order an invoice moves through them.
    public enum Status: Int, Hashable, Sendable, Comparable, CustomStringConvertible {
        case available = 0
        case financed
        case approved
        case reversed

        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .available: "AVAILABLE"
            case .financed: "FINANCED"
            case .approved: "APPROVED"
            case .reversed: "REVERSED"
            }
        }
    }

    public static let initialState = State.initial
}

extension Invoice.State {
    /// The listing, once the invoice exists.
    public var listing: Invoice.Listing? {
        switch self {
        case .initial: nil
        case .available(let listing), .financed(let listing, _), .approved(let listing, _),
            .reversed(let listing, _):
            listing
        }
    }

    /// The public status, once the invoice exists.
    public var status: Invoice.Status? {
        switch self {
        case .initial: nil
        case .available: .available
        case .financed: .financed
        case .approved: .approved
        case .reversed: .reversed
        }
    }

    /// The winning bid, once financed.
    public var winningBid: Bid? {
        switch self {
        case .initial, .available: nil
        case .financed(_, let bid), .approved(_, let bid), .reversed(_, let bid): bid
        }
    }
}

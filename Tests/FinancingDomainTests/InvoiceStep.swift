import FinancingDomain
import PropertyBased

/// One random command against an invoice: a bid (from one of three investors, of any amount or within a cent
/// of the asking price), an approval or a reversal.
struct InvoiceStep: Sendable, CustomStringConvertible {
    enum Kind: Int, Sendable { case considerBid, approveFinancing, reverseFinancing }

    static let investors = [Fixtures.alice, Fixtures.bob, Fixtures.carol]

    let kind: Kind
    let bidder: Int
    /// Whether the bid is the asking price plus `raw % 2` (−1, 0 or +1 cent) rather than `raw` itself.
    let nearAskingPrice: Bool
    let raw: Int64

    /// Random steps; half of them are bids, whose amounts straddle the asking prices the suites use.
    static func steps(count: ClosedRange<Int> = 0...40) -> Generator<[InvoiceStep], some Sequence & SendableMetatype> {
        zip(Gen.int(in: 0...3), Gen.int(in: 0...2), Gen.bool, Gen.int64(in: -10...2_000))
            .map { kind, bidder, near, raw in
                InvoiceStep(
                    kind: kind <= 1 ? .considerBid : kind == 2 ? .approveFinancing : .reverseFinancing,
                    bidder: bidder, nearAskingPrice: near, raw: raw)
            }
            .array(of: count)
    }

    /// The bid this step makes on an invoice asking `askingPrice`.
    func bid(askingPrice: Money) -> Bid {
        let amount = nearAskingPrice ? askingPrice.minorUnits + raw % 2 : raw
        return Bid(investor: Self.investors[bidder], amount: .cents(amount))
    }

    /// The command this step sends to an invoice asking `askingPrice`.
    func command(askingPrice: Money) -> Invoice.Command {
        switch kind {
        case .considerBid: .considerBid(bid(askingPrice: askingPrice))
        case .approveFinancing: .approveFinancing
        case .reverseFinancing: .reverseFinancing
        }
    }

    var description: String {
        switch kind {
        case .considerBid:
            nearAskingPrice ? "bid(\(bidder), asking \(raw % 2 >= 0 ? "+" : "")\(raw % 2))" : "bid(\(bidder), \(raw))"
        case .approveFinancing: "approve"
        case .reverseFinancing: "reverse"
        }
    }
}

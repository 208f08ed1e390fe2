import FinancingDomain
import PropertyBased

/// One random command against an investor, with its amount chosen relative to the account it meets,
/// so sequences hit the edges (exactly the pot, one more, zero, negative, Int64.max) and not only the middle.
struct InvestorStep: Sendable, CustomStringConvertible {
    enum Kind: Int, Sendable { case placeBid, releaseFunds, commitFunds }

    /// How the amount is picked from the pot the command draws on (balance for a bid, reserved otherwise).
    enum AmountChoice: Int, Sendable {
        case raw, wholePot, onePastThePot, halfThePot, largest, negated
    }

    let kind: Kind
    let choice: AmountChoice
    let raw: Int64
    let invoiceExists: Bool

    /// Random steps; `raw` spans negatives, zero and more than any opening balance the suites use.
    static func steps(count: ClosedRange<Int> = 0...60) -> Generator<[InvestorStep], some Sequence & SendableMetatype> {
        zip(Gen.int(in: 0...2), Gen.int(in: 0...5), Gen.int64(in: -100...12_000), Gen.bool(0.9))
            .map { kind, choice, raw, exists in
                InvestorStep(
                    kind: Kind(rawValue: kind)!, choice: AmountChoice(rawValue: choice)!, raw: raw,
                    invoiceExists: exists)
            }
            .array(of: count)
    }

    /// The amount this step asks for against `account`.
    func amount(against account: Investor.Account) -> Money {
        let pot = kind == .placeBid ? account.balance.minorUnits : account.reserved.minorUnits
        return switch choice {
        case .raw: .cents(raw)
        case .wholePot: .cents(pot)
        case .onePastThePot: .cents(pot == .max ? .max : pot + 1)
        case .halfThePot: .cents(pot / 2)
        case .largest: .max
        case .negated: .cents(-raw)
        }
    }

    /// The command this step sends to `account`.
    func command(against account: Investor.Account) -> Investor.Command {
        let amount = amount(against: account)
        return switch kind {
        case .placeBid: .placeBid(invoice: Fixtures.invoice, amount: amount, invoiceExists: invoiceExists)
        case .releaseFunds: .releaseFunds(amount)
        case .commitFunds: .commitFunds(amount)
        }
    }

    var description: String { "\(kind)(\(choice), raw: \(raw)\(invoiceExists ? "" : ", no invoice"))" }
}

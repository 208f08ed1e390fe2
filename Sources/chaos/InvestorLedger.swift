/// An investor's money replayed from its events, checking SPEC §1's invariant after every step:
/// balance, reserved and committed never negative, and their sum equal to the funds added.
struct InvestorLedger: Sendable, Equatable {
    var balance: Int64 = 0
    var reserved: Int64 = 0
    var committed: Int64 = 0
    var added: Int64 = 0
    /// The first broken invariant, with the version that broke it.
    var violation: String?

    mutating func apply(_ event: StoredEvent) {
        let amount = event.payload.amount ?? 0
        switch event.type {
        case "InvestorFundsAdded":
            balance += amount
            added += amount
        case "BidOnInvoicePlaced":
            let bid = event.payload.bidAmount ?? 0
            balance -= bid
            reserved += bid
        case "InvestorFundsReleased":
            reserved -= amount
            balance += amount
        case "InvestorFundsCommitted":
            reserved -= amount
            committed += amount
        default:
            return
        }
        guard violation == nil else { return }
        if balance < 0 || reserved < 0 || committed < 0 {
            violation =
                "negative at version \(event.version): balance \(balance), reserved \(reserved), committed \(committed)"
        } else if balance + reserved + committed != added {
            violation = "not conserved at version \(event.version): \(balance + reserved + committed) != \(added)"
        }
    }
}

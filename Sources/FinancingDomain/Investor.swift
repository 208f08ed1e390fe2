/// An investor's account: funds move balance → reserved (a bid) → committed (an approval) or back.
///
/// Invariant: balance ≥ 0, reserved ≥ 0, and balance + reserved + committed == funds added.
public enum Investor: Decider {
    public static let aggregateType = "Investor"

    /// The account before and after registration.
    public enum State: Hashable, Sendable {
        /// Not registered yet.
        case initial
        /// Registered, with its money.
        case active(Account)
    }

    /// What a registered investor owns.
    public struct Account: Hashable, Sendable {
        public let id: InvestorID
        /// Free to bid with.
        public var balance: Money
        /// Held by placed bids until the invoice's outcome is known.
        public var reserved: Money
        /// Paid for approved financings.
        public var committed: Money
        /// Everything ever added; the sum the three pots must always equal.
        public var fundsAdded: Money

        public init(
            id: InvestorID, balance: Money = .zero, reserved: Money = .zero, committed: Money = .zero,
            fundsAdded: Money = .zero
        ) {
            self.id = id
            self.balance = balance
            self.reserved = reserved
            self.committed = committed
            self.fundsAdded = fundsAdded
        }
    }

    public static let initialState = State.initial
}

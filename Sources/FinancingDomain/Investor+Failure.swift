extension Investor {
    /// Why an investor refuses a command; the text is shown to people by GetCommandStatus.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case notFound
        case alreadyRegistered(InvestorID)
        case invoiceNotFound(InvoiceID)
        case amountNotPositive(Money)
        case negativeOpeningBalance(Money)
        case insufficientBalance(available: Money, bid: Money)
        case insufficientReserved(reserved: Money, requested: Money)
        case fundsOverflow

        public var description: String {
            switch self {
            case .notFound: "investor not found"
            case .alreadyRegistered(let id): "investor \(id) is already registered"
            case .invoiceNotFound(let id): "invoice \(id) not found"
            case .amountNotPositive(let amount): "amount must be positive, got \(amount)"
            case .negativeOpeningBalance(let amount): "opening balance must not be negative, got \(amount)"
            case .insufficientBalance(let available, let bid):
                "insufficient balance: available \(available), bid \(bid)"
            case .insufficientReserved(let reserved, let requested):
                "insufficient reserved funds: reserved \(reserved), requested \(requested)"
            case .fundsOverflow: "funds would exceed the largest representable amount"
            }
        }
    }
}

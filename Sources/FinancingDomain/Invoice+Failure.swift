extension Invoice {
    /// Why an invoice refuses a command; the text is shown to people by GetCommandStatus.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case notFound
        case alreadyExists(InvoiceID)
        case issuerNotFound(IssuerID)
        case askingPriceNotPositive(Money)
        case notFinanced(InvoiceID, Status)

        public var description: String {
            switch self {
            case .notFound: "invoice not found"
            case .alreadyExists(let id): "invoice \(id) already exists"
            case .issuerNotFound(let id): "issuer \(id) not found"
            case .askingPriceNotPositive(let price): "asking price must be positive, got \(price)"
            case .notFinanced(let id, let status): "invoice \(id) is \(status), not FINANCED"
            }
        }
    }
}

import FinancingDomain

extension Financing_V1_InvoiceStatus {
    /// The wire form of an invoice's status.
    public init(_ status: Invoice.Status) {
        self =
            switch status {
            case .available: .available
            case .financed: .financed
            case .approved: .approved
            case .reversed: .reversed
            }
    }

    /// The domain status; nil for a value this version does not know.
    public var domainStatus: Invoice.Status? {
        switch self {
        case .available: .available
        case .financed: .financed
        case .approved: .approved
        case .reversed: .reversed
        case .UNRECOGNIZED: nil
        }
    }
}

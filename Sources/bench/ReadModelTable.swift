/// The read-model table that reflects an aggregate type, and its key column.
enum ReadModelTable: String, Sendable, CaseIterable {
    case investors
    case invoices
    case issuers

    init?(aggregateType: String) {
        switch aggregateType {
        case "Investor": self = .investors
        case "Invoice": self = .invoices
        case "Issuer": self = .issuers
        default: return nil
        }
    }

    /// Rows of the given ids with the aggregate version they reflect.
    var versionQuery: String {
        let key =
            switch self {
            case .investors: "investor_id"
            case .invoices: "invoice_id"
            case .issuers: "issuer_id"
            }
        return "SELECT \(key) AS id, version FROM \(rawValue) WHERE \(key) = ANY($1::uuid[])"
    }
}

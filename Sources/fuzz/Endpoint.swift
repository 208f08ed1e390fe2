import FinancingAPI
import GRPCCore

/// Every RPC of the two services under test, in the order the report lists them.
enum Endpoint: String, CaseIterable, Sendable, Comparable {
    case sellInvoice = "SellInvoice"
    case bidOnInvoice = "BidOnInvoice"
    case approveFinancing = "ApproveFinancing"
    case reverseFinancing = "ReverseFinancing"
    case getCommandStatus = "GetCommandStatus"
    case allInvestors = "AllInvestors"
    case allInvoices = "AllInvoices"
    case allIssuers = "AllIssuers"
    case getInvestor = "GetInvestor"
    case getInvoice = "GetInvoice"

    /// Which server answers it.
    enum Service: String, Sendable {
        case commands = "Commands"
        case queries = "Queries"
    }

    var service: Service {
        switch self {
        case .sellInvoice, .bidOnInvoice, .approveFinancing, .reverseFinancing, .getCommandStatus: .commands
        case .allInvestors, .allInvoices, .allIssuers, .getInvestor, .getInvoice: .queries
        }
    }

    /// Whether a request may change state (and so must be checked against the event store).
    var isCommand: Bool {
        switch self {
        case .sellInvoice, .bidOnInvoice, .approveFinancing, .reverseFinancing: true
        default: false
        }
    }

    var descriptor: MethodDescriptor {
        switch self {
        case .sellInvoice: Financing_V1_Commands.Method.SellInvoice.descriptor
        case .bidOnInvoice: Financing_V1_Commands.Method.BidOnInvoice.descriptor
        case .approveFinancing: Financing_V1_Commands.Method.ApproveFinancing.descriptor
        case .reverseFinancing: Financing_V1_Commands.Method.ReverseFinancing.descriptor
        case .getCommandStatus: Financing_V1_Commands.Method.GetCommandStatus.descriptor
        case .allInvestors: Financing_V1_Queries.Method.AllInvestors.descriptor
        case .allInvoices: Financing_V1_Queries.Method.AllInvoices.descriptor
        case .allIssuers: Financing_V1_Queries.Method.AllIssuers.descriptor
        case .getInvestor: Financing_V1_Queries.Method.GetInvestor.descriptor
        case .getInvoice: Financing_V1_Queries.Method.GetInvoice.descriptor
        }
    }

    /// The request's string fields by field number (api/financing/v1/*.proto), for the raw cases.
    var stringFields: [(number: Int, name: String)] {
        switch self {
        case .sellInvoice: [(1, "issuer_id"), (3, "request_id")]
        case .bidOnInvoice: [(1, "investor_id"), (2, "invoice_id"), (4, "request_id")]
        case .approveFinancing, .reverseFinancing: [(1, "invoice_id"), (2, "request_id")]
        case .getCommandStatus: [(1, "command_id")]
        case .allInvestors, .allIssuers: [(2, "page_token")]
        case .allInvoices: [(3, "page_token")]
        case .getInvestor: [(1, "investor_id")]
        case .getInvoice: [(1, "invoice_id")]
        }
    }

    static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

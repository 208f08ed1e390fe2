import Authentication
import FinancingAPI
import FinancingDomain
import Foundation
import GRPCCore
import Logging
import Projections

/// The gRPC `Queries` service, served from the read models only, to the callers SPEC §6's table
/// allows: investors' names and balances to themselves and operators, a winning bid's investor
/// to that investor, the invoice's issuer and operators.
public struct QueriesService: Financing_V1_Queries.SimpleServiceProtocol {
    private let store: any ReadModelStore
    private let logger: Logger

    public init(store: any ReadModelStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public func allInvestors(request: Financing_V1_AllInvestorsRequest, context: ServerContext) async throws
        -> Financing_V1_AllInvestorsResponse
    {
        try await allInvestors(request)
    }

    public func allInvoices(request: Financing_V1_AllInvoicesRequest, context: ServerContext) async throws
        -> Financing_V1_AllInvoicesResponse
    {
        try await allInvoices(request)
    }

    public func allIssuers(request: Financing_V1_AllIssuersRequest, context: ServerContext) async throws
        -> Financing_V1_AllIssuersResponse
    {
        try await allIssuers(request)
    }

    public func getInvestor(request: Financing_V1_GetInvestorRequest, context: ServerContext) async throws
        -> Financing_V1_Investor
    {
        try await getInvestor(request)
    }

    public func getInvoice(request: Financing_V1_GetInvoiceRequest, context: ServerContext) async throws
        -> Financing_V1_Invoice
    {
        try await getInvoice(request)
    }

    // MARK: The use cases, for every edge: the gRPC methods above and the HTTP routes call these.

    public func allInvestors(_ request: Financing_V1_AllInvestorsRequest) async throws
        -> Financing_V1_AllInvestorsResponse
    {
        let page = try PageRequest(size: request.pageSize, token: request.pageToken)
        _ = try CallAuthorization.caller(for: .allInvestors)
        let result = try await reading { try await store.investors(after: page.after, limit: page.size) }
        var response = Financing_V1_AllInvestorsResponse()
        response.investors = result.items.map(Financing_V1_Investor.init)
        response.nextPageToken = PageRequest.encode(after: result.nextAfter)
        return response
    }

    public func allInvoices(_ request: Financing_V1_AllInvoicesRequest) async throws -> Financing_V1_AllInvoicesResponse
    {
        let page = try PageRequest(size: request.pageSize, token: request.pageToken)
        var status: Invoice.Status?
        if request.hasStatus {
            guard let known = request.status.domainStatus else {
                throw RPCError.invalidArgument(field: "status", "\(request.status.rawValue) is not an invoice status")
            }
            status = known
        }
        let caller = try CallAuthorization.caller(for: .allInvoices)
        let result = try await reading { try await store.invoices(status: status, after: page.after, limit: page.size) }
        var response = Financing_V1_AllInvoicesResponse()
        response.invoices = result.items.map { Financing_V1_Invoice($0, shownTo: caller) }
        response.nextPageToken = PageRequest.encode(after: result.nextAfter)
        return response
    }

    public func allIssuers(_ request: Financing_V1_AllIssuersRequest) async throws -> Financing_V1_AllIssuersResponse {
        let page = try PageRequest(size: request.pageSize, token: request.pageToken)
        _ = try CallAuthorization.caller(for: .allIssuers)
        let result = try await reading { try await store.issuers(after: page.after, limit: page.size) }
        var response = Financing_V1_AllIssuersResponse()
        response.issuers = result.items.map(Financing_V1_Issuer.init)
        response.nextPageToken = PageRequest.encode(after: result.nextAfter)
        return response
    }

    public func getInvestor(_ request: Financing_V1_GetInvestorRequest) async throws -> Financing_V1_Investor {
        let id: InvestorID = try Self.id(request.investorID, field: "investor_id")
        // Before the lookup: an investor asking for another learns nothing of whether it exists.
        _ = try CallAuthorization.caller(for: .getInvestor(investorID: id.description))
        guard let investor = try await reading({ try await store.investor(id) }) else {
            throw RPCError(code: .notFound, message: "investor \(id) not found")
        }
        return Financing_V1_Investor(investor)
    }

    public func getInvoice(_ request: Financing_V1_GetInvoiceRequest) async throws -> Financing_V1_Invoice {
        let id: InvoiceID = try Self.id(request.invoiceID, field: "invoice_id")
        let caller = try CallAuthorization.caller(for: .getInvoice)
        guard let invoice = try await reading({ try await store.invoice(id) }) else {
            throw RPCError(code: .notFound, message: "invoice \(id) not found")
        }
        return Financing_V1_Invoice(invoice, shownTo: caller)
    }

    private static func id<Tag>(_ text: String, field: String) throws(RPCError) -> Identifier<Tag> {
        guard let uuid = UUID(uuidString: text), uuid.uuidString.lowercased() == text else {
            throw RPCError.invalidArgument(field: field, "must be a canonical lower-case UUID")
        }
        return Identifier(uuid)
    }

    /// A read model store failure is the client's cue to retry, not an internal error.
    private func reading<T>(_ body: () async throws -> T) async throws(RPCError) -> T {
        do {
            return try await body()
        } catch {
            logger.error("read model query failed", metadata: ["error": "\(error)"])
            throw RPCError(code: .unavailable, message: "the read models are unavailable right now")
        }
    }
}

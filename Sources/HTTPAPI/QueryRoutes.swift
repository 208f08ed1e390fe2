import FinancingAPI
import Hummingbird
import QueryService

/// The query routes of SPEC §7, onto the same use cases as the gRPC `Queries` service: paging,
/// the access rules and what a caller may see of a winning bid are decided there.
struct QueryRoutes: Sendable {
    let queries: QueriesService

    var routes: [Route] {
        [
            Route(method: .get, path: "/v1/invoices", handler: invoices),
            Route(method: .get, path: "/v1/invoices/:invoice_id", handler: invoice),
            Route(method: .get, path: "/v1/investors", handler: investors),
            Route(method: .get, path: "/v1/investors/:investor_id", handler: investor),
            Route(method: .get, path: "/v1/issuers", handler: issuers),
        ]
    }

    @Sendable func invoices(_ request: Request, context: APIRequestContext) async throws -> Response {
        var message = Financing_V1_AllInvoicesRequest()
        (message.pageSize, message.pageToken) = try Self.page(request)
        if let status = request.uri.queryParameters.get("status") {
            guard let known = InvoiceJSON.statusNames.first(where: { $0.value == status.uppercased() })?.key else {
                throw APIError.invalid("status", "must be one of AVAILABLE, FINANCED, APPROVED, REVERSED")
            }
            message.status = known
        }
        let answer = try await queries.allInvoices(message)
        return JSONResponse.make(
            PageJSON(key: "invoices", items: answer.invoices.map(InvoiceJSON.init), nextPageToken: answer.nextPageToken)
        )
    }

    @Sendable func invoice(_ request: Request, context: APIRequestContext) async throws -> Response {
        var message = Financing_V1_GetInvoiceRequest()
        message.invoiceID = context.parameters.get("invoice_id") ?? ""
        return JSONResponse.make(InvoiceJSON(invoice: try await queries.getInvoice(message)))
    }

    @Sendable func investors(_ request: Request, context: APIRequestContext) async throws -> Response {
        var message = Financing_V1_AllInvestorsRequest()
        (message.pageSize, message.pageToken) = try Self.page(request)
        let answer = try await queries.allInvestors(message)
        return JSONResponse.make(
            PageJSON(
                key: "investors", items: answer.investors.map(InvestorJSON.init), nextPageToken: answer.nextPageToken))
    }

    @Sendable func investor(_ request: Request, context: APIRequestContext) async throws -> Response {
        var message = Financing_V1_GetInvestorRequest()
        message.investorID = context.parameters.get("investor_id") ?? ""
        return JSONResponse.make(InvestorJSON(investor: try await queries.getInvestor(message)))
    }

    @Sendable func issuers(_ request: Request, context: APIRequestContext) async throws -> Response {
        var message = Financing_V1_AllIssuersRequest()
        (message.pageSize, message.pageToken) = try Self.page(request)
        let answer = try await queries.allIssuers(message)
        return JSONResponse.make(
            PageJSON(key: "issuers", items: answer.issuers.map(IssuerJSON.init), nextPageToken: answer.nextPageToken))
    }

    /// `page_size` and `page_token` from the query string; the use case checks their values.
    static func page(_ request: Request) throws(APIError) -> (size: Int32, token: String) {
        let parameters = request.uri.queryParameters
        var size: Int32 = 0
        if let text = parameters.get("page_size") {
            guard let value = Int32(text) else { throw .invalid("page_size", "must be an integer") }
            size = value
        }
        return (size, parameters.get("page_token") ?? "")
    }
}

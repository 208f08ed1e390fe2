import Authentication
import FinancingAPI
import GRPCCore

/// An investor's money as the read model shows it.
struct Funds: Equatable, Sendable, CustomStringConvertible {
    var balance: Int64
    var reserved: Int64 = 0
    var committed: Int64 = 0

    init(balance: Int64, reserved: Int64 = 0, committed: Int64 = 0) {
        self.balance = balance
        self.reserved = reserved
        self.committed = committed
    }

    init(_ investor: Financing_V1_Investor) {
        self.init(
            balance: investor.balance.minorUnits, reserved: investor.reserved.minorUnits,
            committed: investor.committed.minorUnits)
    }

    var description: String { "balance \(balance), reserved \(reserved), committed \(committed)" }
}

/// One page of a list, as returned.
struct Page<Item: Sendable>: Sendable {
    let items: [Item]
    let nextPageToken: String
}

extension Stack {
    /// The investor's read model, as the operator unless `caller` says otherwise.
    func investor(_ id: String, as caller: Caller = Credentials.anOperator) async throws -> Financing_V1_Investor {
        var request = Financing_V1_GetInvestorRequest()
        request.investorID = id
        return try await queries.getInvestor(request, metadata: try await Credentials.metadata(as: caller))
    }

    /// The invoice's read model, as the operator unless `caller` says otherwise.
    func invoice(_ id: String, as caller: Caller = Credentials.anOperator) async throws -> Financing_V1_Invoice {
        var request = Financing_V1_GetInvoiceRequest()
        request.invoiceID = id
        return try await queries.getInvoice(request, metadata: try await Credentials.metadata(as: caller))
    }

    /// Waits until the investor's read model shows `funds`, and returns the last read either way.
    func settledFunds(of investor: String, _ funds: Funds) async throws -> Funds {
        try await settled({ Funds(try await self.investor(investor)) }, until: { $0 == funds })
    }

    /// Waits until the invoice's read model has `status`, and returns the last read either way.
    func settledInvoice(_ id: String, status: Financing_V1_InvoiceStatus) async throws -> Financing_V1_Invoice {
        try await settled({ try await invoice(id) }, until: { $0.status == status })
    }

    func investorsPage(size: Int32, token: String = "") async throws -> Page<Financing_V1_Investor> {
        var request = Financing_V1_AllInvestorsRequest()
        request.pageSize = size
        request.pageToken = token
        let response = try await queries.allInvestors(request)
        return Page(items: response.investors, nextPageToken: response.nextPageToken)
    }

    func issuersPage(size: Int32, token: String = "") async throws -> Page<Financing_V1_Issuer> {
        var request = Financing_V1_AllIssuersRequest()
        request.pageSize = size
        request.pageToken = token
        let response = try await queries.allIssuers(request)
        return Page(items: response.issuers, nextPageToken: response.nextPageToken)
    }

    func invoicesPage(
        size: Int32, token: String = "", status: Financing_V1_InvoiceStatus? = nil,
        as caller: Caller = Credentials.anOperator
    ) async throws -> Page<Financing_V1_Invoice> {
        var request = Financing_V1_AllInvoicesRequest()
        request.pageSize = size
        request.pageToken = token
        if let status { request.status = status }
        let response = try await queries.allInvoices(request, metadata: try await Credentials.metadata(as: caller))
        return Page(items: response.invoices, nextPageToken: response.nextPageToken)
    }

    /// Follows `next_page_token` from the first page to the last and returns every page.
    func walk<Item>(_ fetch: (_ token: String) async throws -> Page<Item>) async throws -> [Page<Item>] {
        var pages = [try await fetch("")]
        while let token = pages.last?.nextPageToken, !token.isEmpty {
            pages.append(try await fetch(token))
            if pages.count > 100_000 { throw PagingRunaway(pages: pages.count) }
        }
        return pages
    }
}

/// Paging did not end: the service keeps handing out tokens.
struct PagingRunaway: Error {
    let pages: Int
}

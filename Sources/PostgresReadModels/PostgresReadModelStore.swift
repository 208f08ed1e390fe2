import FinancingDomain
import Foundation
import Logging
import Postgres
import Projections

/// The read models on PostgreSQL (the `financing_queries` database).
public struct PostgresReadModelStore: ReadModelStore, Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func resetProjections() async throws {
        try await pool.withConnection { connection in
            try await connection.executeScript("TRUNCATE investors, issuers, invoices, subscriptions")
        }
    }

    public func investors(after: String?, limit: Int) async throws -> Page<InvestorView> {
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                """
                \(Self.investorSelect) WHERE $1::uuid IS NULL OR i.investor_id > $1::uuid
                ORDER BY i.investor_id LIMIT $2
                """, [after, limit + 1])
        }
        return try page(rows, limit: limit, id: "investor_id", Self.investorView)
    }

    public func issuers(after: String?, limit: Int) async throws -> Page<IssuerView> {
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                """
                SELECT i.issuer_id, coalesce(n.name, '') AS name
                FROM issuers i LEFT JOIN registered_names n ON n.id = i.issuer_id
                WHERE $1::uuid IS NULL OR i.issuer_id > $1::uuid
                ORDER BY i.issuer_id LIMIT $2
                """, [after, limit + 1])
        }
        return try page(rows, limit: limit, id: "issuer_id") { row in
            IssuerView(id: IssuerID(try row.uuid("issuer_id")), name: try row.string("name"))
        }
    }

    public func invoices(status: Invoice.Status?, after: String?, limit: Int) async throws -> Page<InvoiceView> {
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                """
                SELECT \(Self.invoiceColumns) FROM invoices
                WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR invoice_id > $2::uuid)
                ORDER BY invoice_id LIMIT $3
                """, [status?.description, after, limit + 1])
        }
        return try page(rows, limit: limit, id: "invoice_id", Self.invoiceView)
    }

    public func investor(_ id: InvestorID) async throws -> InvestorView? {
        let rows = try await pool.withConnection { connection in
            try await connection.query("\(Self.investorSelect) WHERE i.investor_id = $1", [id.uuid])
        }
        return try rows.first.map(Self.investorView)
    }

    public func invoice(_ id: InvoiceID) async throws -> InvoiceView? {
        let rows = try await pool.withConnection { connection in
            try await connection.query("SELECT \(Self.invoiceColumns) FROM invoices WHERE invoice_id = $1", [id.uuid])
        }
        return try rows.first.map(Self.invoiceView)
    }

    static let investorSelect = """
        SELECT i.investor_id, coalesce(n.name, '') AS name, i.balance, i.reserved, i.committed
        FROM investors i LEFT JOIN registered_names n ON n.id = i.investor_id
        """

    static func investorView(_ row: PostgresRow) throws -> InvestorView {
        InvestorView(
            id: InvestorID(try row.uuid("investor_id")), name: try row.string("name"),
            balance: Money(minorUnits: try row.int64("balance")),
            reserved: Money(minorUnits: try row.int64("reserved")),
            committed: Money(minorUnits: try row.int64("committed")))
    }

    static let invoiceColumns = "invoice_id, issuer_id, asking_price, status, winning_investor_id, winning_amount"

    static func invoiceView(_ row: PostgresRow) throws -> InvoiceView {
        let status: Invoice.Status =
            switch try row.string("status") {
            case "FINANCED": .financed
            case "APPROVED": .approved
            case "REVERSED": .reversed
            default: .available
            }
        var winningBid: Bid?
        if let investor = try row.optionalUUID("winning_investor_id"),
            let amount = try row.optionalInt64("winning_amount")
        {
            winningBid = Bid(investor: InvestorID(investor), amount: Money(minorUnits: amount))
        }
        return InvoiceView(
            id: InvoiceID(try row.uuid("invoice_id")), issuer: IssuerID(try row.uuid("issuer_id")),
            askingPrice: Money(minorUnits: try row.int64("asking_price")), status: status, winningBid: winningBid)
    }

    /// Cuts the limit + 1 rows fetched into a page, and says where the next one starts.
    private func page<Item>(
        _ rows: [PostgresRow], limit: Int, id column: String, _ view: (PostgresRow) throws -> Item
    ) throws -> Page<Item> {
        let items = try rows.prefix(limit).map(view)
        let next = rows.count > limit ? try rows[limit - 1].uuid(column).uuidString.lowercased() : nil
        return Page(items: items, nextAfter: next)
    }
}

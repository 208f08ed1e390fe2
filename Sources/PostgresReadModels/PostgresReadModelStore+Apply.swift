import FinancingDomain
import FinancingMessages
import Postgres
import Projections

import struct Foundation.UUID

extension PostgresReadModelStore {
    /// One statement per change, guarded so that only the row's next version applies (`version = $v - 1`;
    /// the first event inserts), all sent in one pipeline: one round trip and one commit for a batch.
    @discardableResult
    public func apply(_ changes: [ReadModelChange]) async throws -> [Bool] {
        let statements = changes.map(Self.statement(for:))
        guard !statements.isEmpty else { return [] }
        let outcomes: [PostgresOutcome]
        if statements.count <= PostgresConnection.maxPipelineStatements {
            outcomes = try await pool.withConnection { connection in try await connection.pipeline(statements) }
        } else {
            // A long page is more than one pipeline takes: several pipelines, one transaction.
            outcomes = try await pool.withTransaction { connection in
                var outcomes: [PostgresOutcome] = []
                var rest = statements[...]
                while !rest.isEmpty {
                    outcomes += try await connection.pipeline(
                        Array(rest.prefix(PostgresConnection.maxPipelineStatements)))
                    rest = rest.dropFirst(PostgresConnection.maxPipelineStatements)
                }
                return outcomes
            }
        }
        return outcomes.map { $0.affectedRows > 0 }
    }

    public func versions(of ids: [UUID]) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let list = "{" + ids.map(\.uuidString).joined(separator: ",") + "}"
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                """
                SELECT investor_id AS id, version FROM investors WHERE investor_id = ANY($1::uuid[])
                UNION ALL SELECT invoice_id, version FROM invoices WHERE invoice_id = ANY($1::uuid[])
                UNION ALL SELECT issuer_id, version FROM issuers WHERE issuer_id = ANY($1::uuid[])
                """, [list])
        }
        var versions: [UUID: Int] = [:]
        for row in rows { versions[try row.uuid("id")] = try row.int("version") }
        return versions
    }

    static func statement(for change: ReadModelChange) -> PostgresStatement {
        switch change {
        case .domainEvent(let event, let version):
            let (sql, parameters) = statement(for: event, version: version)
            return PostgresStatement(sql, parameters)
        case .registration(let registration):
            let (id, kind, name): (String, String, String) =
                switch registration {
                case .investorRegistered(let id, let name, _): (id.description, "investor", name)
                case .issuerRegistered(let id, let name): (id.description, "issuer", name)
                }
            return PostgresStatement(
                """
                INSERT INTO registered_names (id, kind, name) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name
                """, [id, kind, name])
        }
    }

    static func statement(for event: DomainEvent, version: Int) -> (String, [(any PostgresBindable)?]) {
        switch event {
        case .investor(let id, .created):
            return (
                """
                INSERT INTO investors (investor_id, version) VALUES ($1, $2) ON CONFLICT (investor_id) DO NOTHING
                """, [id.uuid, version]
            )
        case .investor(let id, .fundsAdded(let amount)):
            return investorUpdate("balance = balance + $3", id, version, amount)
        case .investor(let id, .bidOnInvoicePlaced(_, let amount)):
            return investorUpdate("balance = balance - $3, reserved = reserved + $3", id, version, amount)
        case .investor(let id, .fundsReleased(let amount)):
            return investorUpdate("reserved = reserved - $3, balance = balance + $3", id, version, amount)
        case .investor(let id, .fundsCommitted(let amount)):
            return investorUpdate("reserved = reserved - $3, committed = committed + $3", id, version, amount)
        case .issuer(let id, .created):
            return (
                """
                INSERT INTO issuers (issuer_id, version) VALUES ($1, $2) ON CONFLICT (issuer_id) DO NOTHING
                """, [id.uuid, version]
            )
        case .invoice(let id, .created(let listing)):
            return (
                """
                INSERT INTO invoices (invoice_id, issuer_id, asking_price, status, version) VALUES ($1, $2, $3, 'AVAILABLE', $4)
                ON CONFLICT (invoice_id) DO NOTHING
                """, [id.uuid, listing.issuer.uuid, listing.askingPrice.minorUnits, version]
            )
        case .invoice(let id, .financed(_, let bid)):
            return (
                """
                UPDATE invoices SET status = 'FINANCED', winning_investor_id = $3, winning_amount = $4, version = $2
                WHERE invoice_id = $1 AND version = $2 - 1
                """, [id.uuid, version, bid.investor.uuid, bid.amount.minorUnits]
            )
        case .invoice(let id, .bidRejected):
            return ("UPDATE invoices SET version = $2 WHERE invoice_id = $1 AND version = $2 - 1", [id.uuid, version])
        case .invoice(let id, .approved):
            return invoiceStatus("APPROVED", id, version)
        case .invoice(let id, .reversed):
            return invoiceStatus("REVERSED", id, version)
        }
    }

    private static func investorUpdate(
        _ assignments: String, _ id: InvestorID, _ version: Int, _ amount: Money
    ) -> (String, [(any PostgresBindable)?]) {
        (
            "UPDATE investors SET \(assignments), version = $2 WHERE investor_id = $1 AND version = $2 - 1",
            [id.uuid, version, amount.minorUnits]
        )
    }

    private static func invoiceStatus(
        _ status: String, _ id: InvoiceID, _ version: Int
    ) -> (String, [(any PostgresBindable)?]) {
        (
            "UPDATE invoices SET status = '\(status)', version = $2 WHERE invoice_id = $1 AND version = $2 - 1",
            [id.uuid, version]
        )
    }
}

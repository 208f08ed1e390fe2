import FinancingDomain
import FinancingMessages
import Foundation

/// The read side's storage port: applied events and the lists the queries serve.
public protocol ReadModelStore: Sendable {
    /// Applies the changes in order, all in one transaction: all of them or none. A domain event at
    /// or below the version its row already has is a redelivery and changes nothing; a registration
    /// records the name Registering announces (the only personal data, kept out of domain events).
    func apply(_ changes: [ReadModelChange]) async throws
    /// Empties the projections of domain events (names stay: they are not in the event store).
    func resetProjections() async throws

    func investors(after: String?, limit: Int) async throws -> Page<InvestorView>
    func issuers(after: String?, limit: Int) async throws -> Page<IssuerView>
    func invoices(status: Invoice.Status?, after: String?, limit: Int) async throws -> Page<InvoiceView>
    func investor(_ id: InvestorID) async throws -> InvestorView?
    func invoice(_ id: InvoiceID) async throws -> InvoiceView?
}

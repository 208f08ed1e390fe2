import FinancingDomain
import FinancingMessages
import Foundation

/// The read side's storage port: applied events and the lists the queries serve.
public protocol ReadModelStore: Sendable {
    /// Applies a domain event at its aggregate version; an event at or below the version the row
    /// already has is a redelivery and changes nothing.
    func apply(_ event: DomainEvent, version: Int) async throws
    /// Records the names Registering announces (the only personal data, kept out of domain events).
    func apply(_ registration: IntegrationEvent) async throws
    /// Empties the projections of domain events (names stay: they are not in the event store).
    func resetProjections() async throws

    func investors(after: String?, limit: Int) async throws -> Page<InvestorView>
    func issuers(after: String?, limit: Int) async throws -> Page<IssuerView>
    func invoices(status: Invoice.Status?, after: String?, limit: Int) async throws -> Page<InvoiceView>
    func investor(_ id: InvestorID) async throws -> InvestorView?
    func invoice(_ id: InvoiceID) async throws -> InvoiceView?
}

import FinancingDomain
import FinancingMessages
import Foundation

/// The read side's storage port: applied events and the lists the queries serve.
public protocol ReadModelStore: Sendable {
    /// Applies the changes in order, all in one transaction: all of them or none, and says of each
    /// whether it applied. A domain event applies only at the version after its row's (the first one
    /// creates the row): a replay changes nothing, and an event is never applied over a missing one.
    /// A registration records the name Registering announces (the only personal data, kept out of
    /// domain events).
    @discardableResult
    func apply(_ changes: [ReadModelChange]) async throws -> [Bool]
    /// The version each aggregate's row reflects; aggregates without a row are left out.
    func versions(of ids: [UUID]) async throws -> [UUID: Int]
    /// Empties the projections of domain events and their followers' positions, so they start over
    /// (names stay: they are not in the event store).
    func resetProjections() async throws

    func investors(after: String?, limit: Int) async throws -> Page<InvestorView>
    func issuers(after: String?, limit: Int) async throws -> Page<IssuerView>
    func invoices(status: Invoice.Status?, after: String?, limit: Int) async throws -> Page<InvoiceView>
    func investor(_ id: InvestorID) async throws -> InvestorView?
    func invoice(_ id: InvoiceID) async throws -> InvoiceView?
}

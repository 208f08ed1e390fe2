import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging

/// The overflow controls' effects once the handler and projector caught up: the re-registration
/// changed nothing, the unrepresentable balance raised no event, and the read model adds up to
/// exactly Int64.max.
struct OverflowVerification: Sendable {
    let queries: Financing_V1_Queries.Client<HTTP2ClientTransport.Posix>
    let wallet: AccessTokenWallet
    let anOperator: Authentication.Caller
    let store: EventStoreWatch
    let timeout: Duration
    let logger: Logger

    func verify(_ setup: OverflowControl.Setup) async throws -> [ControlRecord] {
        let expected = ["InvestorCreated", "InvestorFundsAdded", "BidOnInvoicePlaced", "InvestorFundsCommitted"]
        let handled = try await eventually { try await store.processed(setup.reRegistration) ? true : nil } ?? false
        let events = try await store.eventTypes(of: setup.investor)
        let unrepresentable = try await store.eventTypes(of: setup.unrepresentable)
        return [
            ControlRecord(
                name: "the same investor registered again with Int64.max (funds added would overflow)",
                expected: "handled, no new event",
                observed: "\(handled ? "handled" : "not handled in time"); events: \(events.joined(separator: ", "))",
                passed: handled && events == expected, aggregates: [setup.investor]),
            ControlRecord(
                name: "InvestorRegistered with balance 2^63 (not an Int64)", expected: "no event (dead-lettered)",
                observed: unrepresentable.isEmpty ? "no event" : unrepresentable.joined(separator: ", "),
                passed: unrepresentable.isEmpty),
            await readModel(setup.investor),
        ]
    }

    /// The investor's read model: balance + reserved + committed must be exactly Int64.max.
    private func readModel(_ investor: UUID) async -> ControlRecord {
        var request = Financing_V1_GetInvestorRequest()
        request.investorID = investor.uuidString.lowercased()
        let cap = OverflowControl.cap
        var observed = "no answer"
        var passed = false
        let found = try? await eventually { () -> Financing_V1_Investor? in
            let view = try await queries.getInvestor(
                request, metadata: try await wallet.metadata(as: anOperator), options: OverflowControl.options)
            return view.committed.minorUnits == cap ? view : nil
        }
        if let view = found {
            let (partial, overflow1) = view.balance.minorUnits.addingReportingOverflow(view.reserved.minorUnits)
            let (sum, overflow2) = partial.addingReportingOverflow(view.committed.minorUnits)
            observed =
                "balance \(view.balance.minorUnits), reserved \(view.reserved.minorUnits), "
                + "committed \(view.committed.minorUnits)"
            passed = !overflow1 && !overflow2 && sum == .max && view.balance.minorUnits == .max - cap
        } else {
            observed = "the read model did not show the commitment in time"
        }
        return ControlRecord(
            name: "read model of that investor", expected: "balance + reserved + committed == Int64.max",
            observed: observed, passed: passed)
    }

    /// Polls `body` until it returns a value or the timeout passes (then nil).
    private func eventually<T: Sendable>(_ body: () async throws -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try? await body() { return value }
            try await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }
}

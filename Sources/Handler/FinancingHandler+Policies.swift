import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation

extension FinancingHandler {
    /// The choreography of SPEC §1 rows 5, 6, 7, 9 and 11: an event of one aggregate changes
    /// another. The event's own id deduplicates the reaction, so a republished or redelivered
    /// event has its effect once.
    func applyPolicies(type: String, message: IncomingMessage, messageID: UUID) async throws {
        guard let aggregateID = message.header(MessageHeader.aggregateID).flatMap(UUID.init(uuidString:)) else {
            throw UnhandleableMessage("missing or invalid aggregate_id header")
        }
        let event: DomainEvent
        do {
            event = try DomainEvent.decode(type: type, aggregateID: aggregateID, payload: message.payload)
        } catch {
            throw UnhandleableMessage("\(error)")
        }
        // No policy reads the version, but the projector skips an event without one: dead-letter it
        // here, or it would vanish without a trace.
        guard let version = message.header(MessageHeader.aggregateVersion).flatMap(Int.init), version > 0 else {
            throw UnhandleableMessage("missing or invalid aggregate_version header")
        }
        let trace = message.traceparent
        switch event {
        case .investor(let investor, .bidOnInvoicePlaced(let invoice, let amount)):
            let result = try await executor.execute(
                Invoice.self, id: invoice.uuid, command: .considerBid(Bid(investor: investor, amount: amount)),
                codec: .invoice, snapshotCodec: .invoice, messageID: messageID, traceparent: trace)
            try requireApplied(result, "BidOnInvoicePlaced → Invoice \(invoice)")
            log(result, "policy BidOnInvoicePlaced", aggregate: invoice, messageID: messageID)
        case .invoice(_, .financed(let askingPrice, let bid)):
            guard let excess = bid.amount.subtracting(askingPrice), excess.isPositive else { return }
            try await changeInvestor(bid.investor, .releaseFunds(excess), "policy InvoiceFinanced", messageID, trace)
        case .invoice(_, .bidRejected(let bid)):
            try await changeInvestor(
                bid.investor, .releaseFunds(bid.amount), "policy BidOnInvoiceRejected", messageID, trace)
        case .invoice(_, .approved(let askingPrice, let bid)):
            try await changeInvestor(
                bid.investor, .commitFunds(askingPrice), "policy InvoiceApproved", messageID, trace)
        case .invoice(_, .reversed(let askingPrice, let bid)):
            try await changeInvestor(
                bid.investor, .releaseFunds(askingPrice), "policy InvoiceReversed", messageID, trace)
        default:
            return
        }
    }

    private func changeInvestor(
        _ investor: InvestorID, _ command: Investor.Command, _ what: String, _ messageID: UUID, _ trace: String?
    ) async throws {
        let result = try await executor.execute(
            Investor.self, id: investor.uuid, command: command, codec: .investor, snapshotCodec: .investor,
            messageID: messageID, traceparent: trace)
        try requireApplied(result, "\(what) → Investor \(investor)")
        log(result, what, aggregate: investor, messageID: messageID)
    }

    /// A policy's target refusing is not a business outcome but a broken expectation (e.g. the
    /// aggregate does not exist): the message goes to the dead-letter topic (SPEC §4).
    private func requireApplied<E, F>(_ result: DecisionResult<E, F>, _ what: String) throws {
        if case .rejected(let failure) = result {
            throw UnhandleableMessage("\(what) refused: \(failure)")
        }
    }
}

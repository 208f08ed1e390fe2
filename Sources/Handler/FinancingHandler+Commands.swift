import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation

extension FinancingHandler {
    /// SPEC §1 rows 3, 4, 8 and 10. A refusal is the command's recorded outcome, not an error.
    func handleCommand(type: String, message: IncomingMessage, messageID: UUID) async throws {
        let command = try FinancingCommand.decode(type: type, payload: message.payload)
        try await submissions.verify(command, in: message, id: messageID)
        let trace = message.traceparent
        switch command {
        case .sellInvoice(let invoice, let issuer, let askingPrice):
            let issuerExists = try await exists(StreamID(aggregateType: Issuer.aggregateType, id: issuer.uuid))
            let result = try await executor.execute(
                Invoice.self, id: invoice.uuid,
                command: .sell(id: invoice, issuer: issuer, askingPrice: askingPrice, issuerExists: issuerExists),
                codec: .invoice, snapshotCodec: .invoice, messageID: messageID, commandID: messageID, traceparent: trace
            )
            log(result, type, aggregate: invoice, messageID: messageID)
        case .bidOnInvoice(let investor, let invoice, let bid):
            // Checked up front so a bid on a missing invoice reserves nothing (SPEC §1 row 4).
            let invoiceExists = try await exists(StreamID(aggregateType: Invoice.aggregateType, id: invoice.uuid))
            let result = try await executor.execute(
                Investor.self, id: investor.uuid,
                command: .placeBid(invoice: invoice, amount: bid, invoiceExists: invoiceExists),
                codec: .investor, snapshotCodec: .investor, messageID: messageID, commandID: messageID,
                traceparent: trace)
            log(result, type, aggregate: investor, messageID: messageID)
        case .approveFinancing(let invoice):
            let result = try await executor.execute(
                Invoice.self, id: invoice.uuid, command: .approveFinancing, codec: .invoice, snapshotCodec: .invoice,
                messageID: messageID,
                commandID: messageID, traceparent: trace)
            log(result, type, aggregate: invoice, messageID: messageID)
        case .reverseFinancing(let invoice):
            let result = try await executor.execute(
                Invoice.self, id: invoice.uuid, command: .reverseFinancing, codec: .invoice, snapshotCodec: .invoice,
                messageID: messageID,
                commandID: messageID, traceparent: trace)
            log(result, type, aggregate: invoice, messageID: messageID)
        }
    }

    /// Whether `stream` has events: from the handler's memory when it was seen to, otherwise from the store.
    private func exists(_ stream: StreamID) async throws(EventStoreError) -> Bool {
        let remembered = knownStreams.contains(stream)
        metrics.existenceChecked(answeredFromMemory: remembered)
        if remembered { return true }
        return try await knownStreams.exists(stream, in: store)
    }
}

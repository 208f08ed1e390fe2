import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging

/// Sends the valid commands whose request_ids the load then reuses with other payloads: each once
/// (OK expected), then once more unchanged (a faithful retry: OK with the same ids, SPEC §3).
struct RequestIDControls: Sendable {
    let commands: Financing_V1_Commands.Client<HTTP2ClientTransport.Posix>
    let wallet: AccessTokenWallet
    let anOperator: Authentication.Caller
    let logger: Logger

    func send(perKind: Int, seed: UInt64) async -> (controls: [ReuseControl], records: [ControlRecord]) {
        // Payloads from a generator apart from the load's (so the load does not depend on
        // perKind); request_ids fresh on every run, so a rerun's first sends are first again.
        var g = SeededGenerator(seed: seed ^ 0x5EED_C0DE)
        var controls: [ReuseControl] = []
        var records: [ControlRecord] = []
        let kinds: [Endpoint] = [.sellInvoice, .bidOnInvoice, .approveFinancing, .reverseFinancing]
        for kind in kinds {
            var record = ControlRecord(
                name: "\(kind.rawValue) with a request_id, then its faithful retry (×\(perKind))",
                expected: "OK twice, same ids", observed: "", passed: true)
            var failures: [String] = []
            for _ in 0..<perKind {
                let requestID = UUID()
                var replay = g
                let first = await sendOnce(kind, requestID, &g)
                let retry = await sendOnce(kind, requestID, &replay)
                if !(first.ok && retry.ok && first.reply == retry.reply) {
                    failures.append("\(first.describe) / \(retry.describe)")
                }
                record.commandIDs.append(requestID)
                record.aggregates.append(first.target)
                if first.ok {
                    controls.append(ReuseControl(endpoint: kind, requestID: requestID, target: first.target))
                }
            }
            record.passed = failures.isEmpty
            record.observed =
                failures.isEmpty
                ? "\(perKind) of \(perKind) as expected" : failures.prefix(2).joined(separator: "; ")
            records.append(record)
        }
        logger.info("request_id controls sent", metadata: ["count": "\(controls.count)"])
        return (controls, records)
    }

    private struct Reply {
        let ok: Bool
        /// The ids the listener answered with (command id, and invoice id for a sale).
        let reply: String
        let target: UUID
        var describe: String { ok ? "OK" : reply }
    }

    /// Sends the same request for the same generator state: a retry repeats it byte for byte.
    private func sendOnce(_ kind: Endpoint, _ requestID: UUID, _ g: inout SeededGenerator) async -> Reply {
        var options = CallOptions.defaults
        options.timeout = .seconds(10)
        do {
            switch kind {
            case .sellInvoice:
                let request = ValidRequest.sell(&g, requestID: requestID)
                let response = try await commands.sellInvoice(
                    request, metadata: try await wallet.metadata(as: .issuer(request.issuerID)), options: options)
                let invoice = UUID(uuidString: response.invoiceID) ?? UUID()
                return Reply(ok: true, reply: "\(response.commandID) \(response.invoiceID)", target: invoice)
            case .bidOnInvoice:
                let request = ValidRequest.bid(&g, requestID: requestID)
                let response = try await commands.bidOnInvoice(
                    request, metadata: try await wallet.metadata(as: .investor(request.investorID)), options: options)
                return Reply(ok: true, reply: response.commandID, target: UUID(uuidString: request.investorID)!)
            case .approveFinancing:
                let request = ValidRequest.approve(&g, requestID: requestID)
                let response = try await commands.approveFinancing(
                    request, metadata: try await wallet.metadata(as: anOperator), options: options)
                return Reply(ok: true, reply: response.commandID, target: UUID(uuidString: request.invoiceID)!)
            default:
                let request = ValidRequest.reverse(&g, requestID: requestID)
                let response = try await commands.reverseFinancing(
                    request, metadata: try await wallet.metadata(as: anOperator), options: options)
                return Reply(ok: true, reply: response.commandID, target: UUID(uuidString: request.invoiceID)!)
            }
        } catch {
            logger.error("a request_id control failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            return Reply(ok: false, reply: "\(error)", target: requestID)
        }
    }
}

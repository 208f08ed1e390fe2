import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation

extension FinancingHandler {
    /// SPEC §1 rows 1 and 2: Registering's announcements create the aggregates.
    func handleRegistration(type: String, message: IncomingMessage, messageID: UUID) async throws {
        switch try IntegrationEvent.decode(type: type, payload: message.payload) {
        case .investorRegistered(let id, _, let balance):
            let result = try await executor.execute(
                Investor.self, id: id.uuid, command: .register(id: id, openingBalance: balance), codec: .investor,
                snapshotCodec: .investor,
                messageID: messageID, traceparent: message.traceparent)
            log(result, type, aggregate: id, messageID: messageID)
        case .issuerRegistered(let id, _):
            let result = try await executor.execute(
                Issuer.self, id: id.uuid, command: .register(id: id), codec: .issuer, messageID: messageID,
                traceparent: message.traceparent)
            log(result, type, aggregate: id, messageID: messageID)
        }
    }
}

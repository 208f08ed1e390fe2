import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Projections
import Testing

@Suite("Projector: a message the handler dead-letters changes no read model")
struct ProjectorSkipTests {
    /// `InvestorCreated` of `investor` as the relayer publishes it, its headers changed by `change`.
    private static func created(_ investor: InvestorID, headers change: ([MessageHeader]) -> [MessageHeader])
        -> IncomingMessage
    {
        let encoded = EventCodec.investor.encode(investor.uuid, .created(investor))
        let event = RecordedEvent(
            position: 1, eventID: UUID(), stream: StreamID(aggregateType: "Investor", id: investor.uuid), version: 1,
            type: encoded.type, payload: encoded.payload)
        let valid = Inbound.event(event)
        return Inbound.raw(topic: valid.topic, payload: valid.payload, headers: change(valid.headers), key: valid.key)
    }

    private static func replacing(_ name: String, with value: String, in headers: [MessageHeader]) -> [MessageHeader] {
        headers.map { $0.name == name ? MessageHeader(name, value) : $0 }
    }

    @Test(
        "an event without a valid message_id, or of version 0",
        arguments: ["missing message_id", "invalid message_id", "version 0"])
    func malformedEvent(defect: String) async throws {
        try await TestDatabase.with { database in
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))
            let investor = InvestorID(UUID())
            let message = Self.created(investor) { headers in
                switch defect {
                case "missing message_id": headers.filter { $0.name != MessageHeader.messageID }
                case "invalid message_id": Self.replacing(MessageHeader.messageID, with: "not-a-uuid", in: headers)
                default: Self.replacing(MessageHeader.aggregateVersion, with: "0", in: headers)
                }
            }
            try await projector.project(message)
            #expect(try await database.readModels.investor(investor) == nil)
        }
    }

    @Test("a registration without a message_id leaves no name")
    func registrationWithoutMessageID() async throws {
        try await TestDatabase.with { database in
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))
            let investor = InvestorID(UUID())
            let valid = Inbound.registration(.investorRegistered(investor, name: "Mallory", balance: cents(100)))
            try await projector.project(
                Inbound.raw(
                    topic: valid.topic, payload: valid.payload,
                    headers: valid.headers.filter { $0.name != MessageHeader.messageID }, key: valid.key))
            // The investor's own, well-formed event: its name must not come from the bad registration.
            try await projector.project(Self.created(investor) { $0 })
            #expect(try await database.readModels.investor(investor)?.name == "")
        }
    }
}

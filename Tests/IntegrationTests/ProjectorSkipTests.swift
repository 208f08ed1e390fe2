import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Projections
import Testing

@Suite("Projector: what it cannot trust or read changes no read model")
struct ProjectorSkipTests {
    /// `InvestorCreated` of `investor` as the event store holds it.
    private static func created(_ investor: InvestorID, position: Int64 = 1) -> RecordedEvent {
        let encoded = EventCodec.investor.encode(investor.uuid, .created(investor))
        return RecordedEvent(
            position: position, eventID: UUID(), stream: StreamID(aggregateType: "Investor", id: investor.uuid),
            version: 1, type: encoded.type, payload: encoded.payload)
    }

    @Test("a domain event from the bus changes nothing: projections read the event store")
    func domainEventFromTheBus() async throws {
        try await TestDatabase.with { database in
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))
            let investor = InvestorID(UUID())
            try await projector.project(Inbound.event(Self.created(investor)))
            #expect(try await database.readModels.investor(investor) == nil)
        }
    }

    @Test("a stored event no projection can read is skipped; the rest of its batch is applied")
    func unreadableStoredEvent() async throws {
        try await TestDatabase.with { database in
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))
            let ada = InvestorID(UUID())
            let bob = InvestorID(UUID())
            let unreadable = RecordedEvent(
                position: 2, eventID: UUID(), stream: StreamID(aggregateType: "Investor", id: ada.uuid), version: 2,
                type: "InvestorTeleported", payload: Array("{}".utf8))
            try await projector.project([Self.created(ada), unreadable, Self.created(bob, position: 3)])
            #expect(try await database.readModels.investor(ada) != nil)
            #expect(try await database.readModels.investor(bob) != nil)
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
            try await projector.project([Self.created(investor)])
            #expect(try await database.readModels.investor(investor)?.name == "")
        }
    }
}

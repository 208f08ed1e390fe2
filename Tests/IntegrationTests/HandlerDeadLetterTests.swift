import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Testing

@Suite("FinancingHandler: messages that can never be handled go to <topic>.dlq")
struct HandlerDeadLetterTests {
    private static func headers(type: String?, id: String? = UUID().uuidString.lowercased()) -> [MessageHeader] {
        var headers: [MessageHeader] = []
        if let type { headers.append(MessageHeader(MessageHeader.messageType, type)) }
        if let id { headers.append(MessageHeader(MessageHeader.messageID, id)) }
        headers.append(MessageHeader(MessageHeader.schemaVersion, "1"))
        return headers
    }

    /// Handles `message`, then checks it was parked once, unchanged, with the reason, and that
    /// nothing reached the event store.
    private static func expectDeadLettered(
        _ message: IncomingMessage, errorContaining fragment: String, in harness: HandlerHarness,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let eventsBefore = try await harness.eventCount()
        try await harness.handle(message)
        let dead = try await harness.parked()
        try #require(dead.count == 1, "dead letters: \(dead)", sourceLocation: sourceLocation)
        let letter = dead[0]
        #expect(letter.topic == message.topic, sourceLocation: sourceLocation)
        #expect(letter.location == message.location, sourceLocation: sourceLocation)
        #expect(letter.key == message.key, sourceLocation: sourceLocation)
        #expect(letter.payload == message.payload, sourceLocation: sourceLocation)
        #expect(letter.headers == message.headers, sourceLocation: sourceLocation)
        #expect(letter.messageID == message.messageID, sourceLocation: sourceLocation)
        #expect(letter.reason.contains(fragment), "reason: \(letter.reason)", sourceLocation: sourceLocation)
        #expect(try await harness.eventCount() == eventsBefore, sourceLocation: sourceLocation)
    }

    /// Runs the policies on `event`, then checks it was parked once with the reason, as the event store holds it.
    private static func expectParked(
        _ event: RecordedEvent, errorContaining fragment: String, in harness: HandlerHarness,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await harness.react(to: [event])
        let dead = try await harness.parked()
        try #require(dead.count == 1, "dead letters: \(dead)", sourceLocation: sourceLocation)
        #expect(dead[0].messageID == event.eventID, sourceLocation: sourceLocation)
        #expect(dead[0].topic == Topic.events, sourceLocation: sourceLocation)
        #expect(dead[0].location == "eventstore@\(event.position)", sourceLocation: sourceLocation)
        #expect(dead[0].payload == event.payload, sourceLocation: sourceLocation)
        #expect(dead[0].reason.contains(fragment), "reason: \(dead[0].reason)", sourceLocation: sourceLocation)
    }

    @Test("an undecodable payload")
    func undecodablePayload() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let message = Inbound.raw(
                topic: Topic.registering, payload: Array("{not json".utf8),
                headers: Self.headers(type: "InvestorRegistered"),
                key: "k")
            try await Self.expectDeadLettered(message, errorContaining: "InvestorRegistered", in: harness)
        }
    }

    @Test("a payload missing a field")
    func missingField() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let payload = Array(
                #"{"investor_id": "\#(UUID().uuidString)", "invoice_id": "\#(UUID().uuidString)"}"#.utf8)
            let message = Inbound.raw(
                topic: Topic.commands, payload: payload, headers: Self.headers(type: "BidOnInvoice"))
            try await Self.expectDeadLettered(message, errorContaining: "bid_amount", in: harness)
        }
    }

    @Test("an unknown message_type", arguments: [Topic.commands, Topic.registering])
    func unknownType(topic: String) async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            var headers = Self.headers(type: "InvoiceTeleported")
            headers.append(MessageHeader(MessageHeader.aggregateID, UUID().uuidString.lowercased()))
            let message = Inbound.raw(topic: topic, payload: Array("{}".utf8), headers: headers)
            try await Self.expectDeadLettered(message, errorContaining: "InvoiceTeleported", in: harness)
        }
    }

    @Test("a missing or invalid message_id header", arguments: [nil, "not-a-uuid"])
    func missingMessageID(id: String?) async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = IssuerID(UUID())
            let valid = Inbound.registration(.issuerRegistered(issuer, name: "ACME"))
            let message = Inbound.raw(
                topic: valid.topic, payload: valid.payload, headers: Self.headers(type: "IssuerRegistered", id: id),
                key: valid.key)
            try await Self.expectDeadLettered(message, errorContaining: "message_id", in: harness)
            #expect(try await harness.events(of: issuer).isEmpty)
        }
    }

    @Test("a missing message_type header")
    func missingType() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let message = Inbound.raw(
                topic: Topic.commands, payload: Array("{}".utf8), headers: Self.headers(type: nil))
            try await Self.expectDeadLettered(message, errorContaining: "message_type", in: harness)
        }
    }

    @Test("a missing, invalid or unknown schema_version header", arguments: [nil, "one", "0", "2"])
    func unreadableSchemaVersion(version: String?) async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = IssuerID(UUID())
            // A registration that would succeed at version 1: only the version keeps it out.
            let valid = Inbound.registration(.issuerRegistered(issuer, name: "ACME"))
            var headers = valid.headers.filter { $0.name != MessageHeader.schemaVersion }
            if let version { headers.append(MessageHeader(MessageHeader.schemaVersion, version)) }
            let message = Inbound.raw(topic: valid.topic, payload: valid.payload, headers: headers, key: valid.key)
            try await Self.expectDeadLettered(message, errorContaining: "schema_version", in: harness)
            #expect(try await harness.events(of: issuer).isEmpty)
        }
    }

    @Test("BidOnInvoicePlaced for an invoice that does not exist")
    func policyOnMissingInvoice() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(10_000))
            let unknown = InvoiceID(UUID())
            // An event the handler would never store (bids check the invoice), as a foreign producer might send it.
            let encoded = EventCodec.investor.encode(
                investor.uuid, .bidOnInvoicePlaced(invoice: unknown, amount: cents(100)))
            let event = RecordedEvent(
                position: 999, eventID: UUID(), stream: StreamID(aggregateType: "Investor", id: investor.uuid),
                version: 3,
                type: encoded.type, payload: encoded.payload)
            try await Self.expectParked(event, errorContaining: "BidOnInvoicePlaced", in: harness)
            #expect(try await harness.events(of: unknown).isEmpty)
            #expect(try await harness.account(investor)?.balance == cents(10_000))
        }
    }

    @Test("InvoiceFinanced for an investor that does not exist")
    func policyOnMissingInvestor() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let invoice = InvoiceID(UUID())
            let stranger = InvestorID(UUID())
            let encoded = EventCodec.invoice.encode(
                invoice.uuid, .financed(askingPrice: cents(100), bid: Bid(investor: stranger, amount: cents(150))))
            let event = RecordedEvent(
                position: 999, eventID: UUID(), stream: StreamID(aggregateType: "Invoice", id: invoice.uuid),
                version: 2,
                type: encoded.type, payload: encoded.payload)

            try await Self.expectParked(event, errorContaining: "Investor", in: harness)
            #expect(try await harness.events(of: stranger).isEmpty)
        }
    }

    @Test("a stored event no policy can read is parked, and the events after it still have their effect")
    func unreadableStoredEvent() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(10_000))
            let unreadable = RecordedEvent(
                position: 998, eventID: UUID(), stream: StreamID(aggregateType: "Investor", id: investor.uuid),
                version: 9, type: "InvestorTeleported", payload: Array("{}".utf8))
            try await Self.expectParked(unreadable, errorContaining: "InvestorTeleported", in: harness)
            let issuer = try await harness.registerIssuer()
            let invoice = try await harness.sellInvoice(issuer: issuer, askingPrice: cents(1_000))
            try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(1_000)))
            try await harness.runPolicies()
            guard case .financed = try await harness.state(invoice) else {
                Issue.record("the bid after the parked event was not financed: \(try await harness.state(invoice))")
                return
            }
        }
    }

    @Test("a domain event on the bus is parked: policies read the event store, never the bus")
    func domainEventOnTheBus() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let encoded = EventCodec.investor.encode(
                UUID(), .bidOnInvoicePlaced(invoice: InvoiceID(UUID()), amount: cents(1)))
            let message = Inbound.raw(
                topic: Topic.events, payload: encoded.payload, headers: Self.headers(type: encoded.type))
            try await Self.expectDeadLettered(message, errorContaining: "no handler consumes", in: harness)
        }
    }

    @Test("a dead-lettered command gets REJECTED with the reason, once, also when it is delivered again")
    func deadLetteredCommandIsRejected() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let commandID = UUID()
            let command = FinancingCommand.approveFinancing(invoice: InvoiceID(UUID()))
            _ = try await database.commandLog.accept(Inbound.accepted(command, id: commandID))
            let message = Inbound.raw(
                topic: Topic.commands, payload: Array("{}".utf8),
                headers: Self.headers(type: "ApproveFinancing", id: commandID.uuidString.lowercased()))
            try await harness.handle(message)
            try await harness.handle(message)
            let outcome = try #require(try await harness.outcome(commandID))
            guard case .rejected(let reason) = outcome else {
                Issue.record("outcome \(outcome)")
                return
            }
            #expect(reason.hasPrefix("dead-lettered: "), "reason: \(reason)")
            #expect(reason.contains("invoice_id"), "reason: \(reason)")
            #expect(try await harness.parked().count == 1)
        }
    }

    @Test("after a dead letter, handling goes on with the next message")
    func handlingGoesOn() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            try await harness.handle(
                Inbound.raw(
                    topic: Topic.registering, payload: Array("[]".utf8), headers: Self.headers(type: "IssuerRegistered")
                ))
            let issuer = try await harness.registerIssuer()
            #expect(try await harness.parked().count == 1)
            #expect(try await harness.events(of: issuer).map(\.type) == ["IssuerCreated"])
        }
    }

    @Test("a command naming an aggregate of another type is refused, not retried forever")
    func commandOnAnAggregateOfAnotherType() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(1_000))
            let before = try await database.allEvents()
            // A client may send any UUID as invoice_id: here, an investor's.
            let command = FinancingCommand.approveFinancing(invoice: InvoiceID(investor.uuid))
            let commandID = UUID()
            _ = try await database.commandLog.accept(Inbound.accepted(command, id: commandID))

            // Handling must end: a throw would be retried by the consumer loop forever. Streams are
            // typed, so the investor's events are no invoice's: the invoice is not found.
            try await harness.handle(Inbound.command(command, id: commandID))
            #expect(try await harness.outcome(commandID) == .rejected(reason: "invoice not found"))
            #expect(try await harness.parked().isEmpty)
            #expect(try await database.allEvents() == before)
        }
    }
}

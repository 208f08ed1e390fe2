import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Testing

/// SPEC §6: the handler acts on a command from the bus only as the listener recorded it, for the
/// caller recorded with it, if that caller may make it. Anything else is dead-lettered, the
/// command REJECTED with the reason, and no money moves.
@Suite("FinancingHandler: a command counts only as the listener recorded it")
struct HandlerSubmissionTests {
    /// An investor with 10,000 and an AVAILABLE invoice of another issuer asking 1,000.
    private static func market(_ harness: HandlerHarness) async throws -> (InvestorID, InvoiceID) {
        let investor = try await harness.registerInvestor(balance: Money(minorUnits: 10_000))
        let issuer = try await harness.registerIssuer()
        let invoice = try await harness.sellInvoice(issuer: issuer, askingPrice: Money(minorUnits: 1_000))
        return (investor, invoice)
    }

    /// Handles `message`, then checks it was parked with the reason, the command (when the listener
    /// recorded one under its id) rejected with it, and the investor's stream left as it was.
    private static func expectRefused(
        _ message: IncomingMessage, reason fragment: String, investor: InvestorID, in harness: HandlerHarness,
        recorded: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await harness.events(of: investor)
        try await harness.handle(message)
        let parked = try await harness.parked()
        try #require(parked.count == 1, "dead letters: \(parked)", sourceLocation: sourceLocation)
        #expect(parked[0].reason.contains(fragment), "reason: \(parked[0].reason)", sourceLocation: sourceLocation)
        let commandID = try #require(message.messageID, sourceLocation: sourceLocation)
        #expect(try await harness.events(of: investor) == before, "money moved", sourceLocation: sourceLocation)
        guard recorded else {
            #expect(try await harness.outcome(commandID) == nil, sourceLocation: sourceLocation)
            return
        }
        guard case .rejected(let reason) = try await harness.outcome(commandID) else {
            Issue.record("the command was not rejected", sourceLocation: sourceLocation)
            return
        }
        #expect(reason.contains(fragment), "outcome: \(reason)", sourceLocation: sourceLocation)
    }

    @Test("a bid on the bus that the listener never recorded")
    func neverRecorded() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness)
            let bid = FinancingCommand.bidOnInvoice(investor: investor, invoice: invoice, bid: Money(minorUnits: 1_000))
            try await Self.expectRefused(
                Inbound.command(bid, id: UUID()), reason: "never accepted by the listener", investor: investor,
                in: harness, recorded: false)
        }
    }

    @Test("a bid whose amount on the bus differs from the recorded one")
    func altered() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness)
            let id = UUID()
            let recorded = FinancingCommand.bidOnInvoice(
                investor: investor, invoice: invoice, bid: Money(minorUnits: 1_000))
            _ = try await database.commandLog.accept(Inbound.accepted(recorded, id: id))
            let inflated = FinancingCommand.bidOnInvoice(
                investor: investor, invoice: invoice, bid: Money(minorUnits: 9_000))
            try await Self.expectRefused(
                Inbound.command(inflated, id: id), reason: "differs from what the listener recorded",
                investor: investor, in: harness)
        }
    }

    @Test(
        "a bid recorded for another investor, or for none",
        arguments: [
            CommandActor(subject: "3b9d2c1e-7f4a-4e5b-8c6d-1a2b3c4d5e6f", role: "investor"),
            CommandActor(subject: "3b9d2c1e-7f4a-4e5b-8c6d-1a2b3c4d5e6f", role: "operator"), nil,
        ])
    func notAllowed(actor: CommandActor?) async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness)
            let id = UUID()
            let bid = FinancingCommand.bidOnInvoice(investor: investor, invoice: invoice, bid: Money(minorUnits: 1_000))
            let record = AcceptedCommand(
                commandID: id, type: bid.type, targetID: bid.targetID, payload: bid.encoded(),
                fingerprint: bid.fingerprint, actor: actor)
            _ = try await database.commandLog.accept(record)
            try await Self.expectRefused(
                Inbound.received(.command(record)), reason: "no recorded actor allowed to make it", investor: investor,
                in: harness)
        }
    }

    @Test("a bid whose actor header was rewritten on the bus")
    func rewrittenActor() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness)
            let id = UUID()
            let bid = FinancingCommand.bidOnInvoice(investor: investor, invoice: invoice, bid: Money(minorUnits: 1_000))
            _ = try await database.commandLog.accept(Inbound.accepted(bid, id: id))
            let genuine = Inbound.command(bid, id: id)
            let headers = genuine.headers.map { header in
                header.name == MessageHeader.actor
                    ? MessageHeader(MessageHeader.actor, Inbound.anOperator.headerValue) : header
            }
            try await Self.expectRefused(
                Inbound.raw(topic: genuine.topic, payload: genuine.payload, headers: headers, key: genuine.key),
                reason: "carries an actor other than the recorded one", investor: investor, in: harness)
        }
    }

    @Test("the same bid, recorded and carried as recorded, is placed")
    func genuine() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness)
            let command = try await harness.send(
                .bidOnInvoice(investor: investor, invoice: invoice, bid: Money(minorUnits: 1_000)))
            #expect(try await harness.outcome(command) == .succeeded)
            #expect(try await harness.parked().isEmpty)
        }
    }
}

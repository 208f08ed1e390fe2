import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Handler
import PostgresEventStore
import Synchronization

/// The handler on a real event store, driven the way the running system drives it: messages in,
/// and the stored domain events fed to its policies in commit order (as the policies' follower does).
final class HandlerHarness: Sendable {
    let database: TestDatabase
    let handler: FinancingHandler
    let deadLetters: PostgresDeadLetters
    /// Positions of the stored events already fed back to the policies.
    private let fedBack = Mutex<Set<Int64>>([])

    init(_ database: TestDatabase) {
        let deadLetters = database.deadLetters
        self.database = database
        self.deadLetters = deadLetters
        self.handler = FinancingHandler(
            store: database.store, deadLetters: deadLetters, acceptedCommands: database.commandLog,
            logger: TestLogging.logger("handler"))
    }

    var store: PostgresEventStore { database.store }

    /// Handles one message as the consumer loop would.
    func handle(_ message: IncomingMessage) async throws {
        try await handler.handle(message)
    }

    // MARK: Registering and the listener

    @discardableResult
    func registerInvestor(
        _ id: InvestorID = InvestorID(UUID()), name: String = "Investor", balance: Money
    ) async throws -> InvestorID {
        try await handle(Inbound.registration(.investorRegistered(id, name: name, balance: balance)))
        return id
    }

    @discardableResult
    func registerIssuer(_ id: IssuerID = IssuerID(UUID()), name: String = "Issuer") async throws -> IssuerID {
        try await handle(Inbound.registration(.issuerRegistered(id, name: name)))
        return id
    }

    /// Accepts the command in the command log (as the listener does), then handles it; returns its id.
    @discardableResult
    func send(_ command: FinancingCommand, id: UUID = UUID()) async throws -> UUID {
        _ = try await database.commandLog.accept(Inbound.accepted(command, id: id))
        try await handle(Inbound.command(command, id: id))
        return id
    }

    /// Sells an invoice of `issuer` and returns the invoice's id.
    func sellInvoice(issuer: IssuerID, askingPrice: Money) async throws -> InvoiceID {
        let invoice = InvoiceID(UUID())
        try await send(.sellInvoice(invoice: invoice, issuer: issuer, askingPrice: askingPrice))
        return invoice
    }

    func outcome(_ commandID: UUID) async throws -> CommandOutcome? {
        try await database.commandLog.outcome(of: commandID)
    }

    // MARK: The saga

    /// Feeds every stored event not fed yet to the policies, as their follower of the event store
    /// would, until no policy produces anything new. Returns the events fed, in position order.
    @discardableResult
    func runPolicies() async throws -> [RecordedEvent] {
        var fed: [RecordedEvent] = []
        while true {
            let pending = try await store.unpublished(limit: 10_000).filter { event in
                fedBack.withLock { !$0.contains(event.position) }
            }
            guard !pending.isEmpty else { return fed }
            try await handler.react(to: pending)
            fedBack.withLock { $0.formUnion(pending.map(\.position)) }
            fed += pending
        }
    }

    /// Runs the policies on exactly these events (a follower that read them again, say).
    func react(to events: [RecordedEvent]) async throws {
        try await handler.react(to: events)
    }

    /// The messages parked in the dead-letter box, oldest first.
    func parked() async throws -> [DeadLetter] {
        try await deadLetters.parkedLetters(of: nil, limit: 1_000).map(\.letter)
    }

    /// Marks the stored events as already fed back, so `runPolicies` leaves them alone.
    func skipPolicies(for events: [RecordedEvent]) {
        fedBack.withLock { $0.formUnion(events.map(\.position)) }
    }

    // MARK: Reading the write side

    func events(_ stream: StreamID) async throws -> [RecordedEvent] {
        try await store.load(stream)
    }

    func events(of investor: InvestorID) async throws -> [RecordedEvent] {
        try await events(StreamID(aggregateType: Investor.aggregateType, id: investor.uuid))
    }

    func events(of invoice: InvoiceID) async throws -> [RecordedEvent] {
        try await events(StreamID(aggregateType: Invoice.aggregateType, id: invoice.uuid))
    }

    func events(of issuer: IssuerID) async throws -> [RecordedEvent] {
        try await events(StreamID(aggregateType: Issuer.aggregateType, id: issuer.uuid))
    }

    /// The investor's account folded from its stream; nil when it does not exist.
    func account(_ investor: InvestorID) async throws -> Investor.Account? {
        let history = try await events(of: investor).map { try EventCodec.investor.decode($0.type, $0.payload) }
        guard case .active(let account) = Investor.replay(history) else { return nil }
        return account
    }

    /// The invoice's state folded from its stream.
    func state(_ invoice: InvoiceID) async throws -> Invoice.State {
        Invoice.replay(try await events(of: invoice).map { try EventCodec.invoice.decode($0.type, $0.payload) })
    }

    /// The investor's decoded events, in version order.
    func decoded(_ investor: InvestorID) async throws -> [Investor.Event] {
        try await events(of: investor).map { try EventCodec.investor.decode($0.type, $0.payload) }
    }

    /// The invoice's decoded events, in version order.
    func decoded(_ invoice: InvoiceID) async throws -> [Invoice.Event] {
        try await events(of: invoice).map { try EventCodec.invoice.decode($0.type, $0.payload) }
    }

    /// How many events the whole store holds.
    func eventCount() async throws -> Int {
        try await database.query("SELECT count(*) AS n FROM events").first?.int("n") ?? -1
    }
}

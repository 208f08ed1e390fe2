import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import PostgresReadModels
import Projections
import Testing

@Suite("Projector in batches: one transaction per batch, all of it or nothing")
struct ProjectorBatchTests {
    @Test("a whole scenario projected as one batch gives the expected rows, and the same batch again changes nothing")
    func scenarioInOneBatch() async throws {
        try await TestDatabase.with { database in
            let scenario = try await ProjectorTests.Scenario.run(HandlerHarness(database))
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))
            let events = try await database.allEvents()
            try await projector.project(scenario.registrations)
            try await projector.project(events)
            let once = try await ProjectorTests.Snapshot.of(database.readModels)
            #expect(once.investors == scenario.expectedInvestors)
            #expect(once.invoices == scenario.expectedInvoices)

            try await projector.project(scenario.registrations)
            try await projector.project(events)
            // A follower restarting before it saved its position reads a suffix of the batch again.
            try await projector.project(Array(events.suffix(events.count / 2)))
            #expect(try await ProjectorTests.Snapshot.of(database.readModels) == once)
        }
    }

    @Test("a message no projection can read is skipped; the rest of its batch is applied")
    func unreadableMessageIsSkipped() async throws {
        try await TestDatabase.with { database in
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))
            let ada = InvestorID(UUID())
            let bob = InvestorID(UUID())
            let unreadable = Inbound.raw(
                topic: Topic.events, payload: Array("{".utf8),
                headers: [
                    MessageHeader(MessageHeader.messageType, "InvestorCreated"),
                    MessageHeader(MessageHeader.messageID, UUID().uuidString),
                ])
            try await projector.project([
                Inbound.registration(.investorRegistered(ada, name: "Ada", balance: cents(100))),
                unreadable,
                Inbound.registration(.investorRegistered(bob, name: "Bob", balance: cents(100))),
            ])
            let names = try await Self.namesOnceCreated([ada, bob], in: database)
            #expect(names == ["Ada", "Bob"])
        }
    }

    @Test("a message of a schema_version this build does not read is skipped, not guessed at")
    func unknownSchemaVersionIsSkipped() async throws {
        try await TestDatabase.with { database in
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))
            let ada = InvestorID(UUID())
            let bob = InvestorID(UUID())
            let newer = Inbound.registration(.investorRegistered(ada, name: "Ada", balance: cents(100)))
            let headers = newer.headers.map {
                $0.name == MessageHeader.schemaVersion ? MessageHeader(MessageHeader.schemaVersion, "2") : $0
            }
            try await projector.project([
                Inbound.raw(topic: newer.topic, payload: newer.payload, headers: headers, key: newer.key),
                Inbound.registration(.investorRegistered(bob, name: "Bob", balance: cents(100))),
            ])
            let names = try await Self.namesOnceCreated([ada, bob], in: database)
            // Ada's registration was skipped: her row has no name.
            #expect(names == ["", "Bob"])
        }
    }

    @Test("a change failing in the middle of a batch undoes the changes before it")
    func failureUndoesTheBatch() async throws {
        try await TestDatabase.with { database in
            let ada = InvestorID(UUID())
            // The second deposit overflows the bigint balance: PostgreSQL refuses that statement.
            let batch: [ReadModelChange] = [
                .registration(.investorRegistered(ada, name: "Ada", balance: cents(1))),
                .domainEvent(.investor(ada, .created(ada)), version: 1),
                .domainEvent(.investor(ada, .fundsAdded(Money(minorUnits: .max))), version: 2),
                .domainEvent(.investor(ada, .fundsAdded(cents(1))), version: 3),
            ]
            await #expect(throws: (any Error).self) { try await database.readModels.apply(batch) }
            #expect(try await database.readModels.investor(ada) == nil)
            // Without the change that fails, the same batch goes through.
            try await database.readModels.apply(Array(batch.prefix(3)))
            #expect(try await database.readModels.investor(ada)?.balance == Money(minorUnits: .max))
        }
    }

    @Test("a batch longer than one pipeline is still one transaction")
    func longBatchIsOneTransaction() async throws {
        try await TestDatabase.with { database in
            let investors = (0..<300).map { _ in InvestorID(UUID()) }
            let created: [ReadModelChange] = investors.map { .domainEvent(.investor($0, .created($0)), version: 1) }
            let overflow: [ReadModelChange] = [
                .domainEvent(.investor(investors[0], .fundsAdded(Money(minorUnits: .max))), version: 2),
                .domainEvent(.investor(investors[0], .fundsAdded(cents(1))), version: 3),
            ]
            await #expect(throws: (any Error).self) { try await database.readModels.apply(created + overflow) }
            #expect(try await database.readModels.investors(after: nil, limit: 1_000).items.isEmpty)

            try await database.readModels.apply(created)
            #expect(try await database.readModels.investors(after: nil, limit: 1_000).items.count == investors.count)
        }
    }

    /// Creates the investors' rows (as their `InvestorCreated` would) and returns the names the read
    /// model shows, sorted: a registration the projector skipped leaves its investor's name empty.
    private static func namesOnceCreated(_ investors: [InvestorID], in database: TestDatabase) async throws -> [String]
    {
        try await database.readModels.apply(investors.map { .domainEvent(.investor($0, .created($0)), version: 1) })
        return try await database.readModels.investors(after: nil, limit: 10).items.map(\.name).sorted()
    }
}

import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Handler
import Postgres
import Testing

/// `FinancingHandler.handle(_ messages:)`: a partition's waiting messages, those of different
/// aggregates handled side by side and recorded in one transaction.
@Suite("FinancingHandler in batches")
struct HandlerBatchTests {
    /// How many transactions wrote the processed-message rows of `ids`.
    static func transactions(_ database: TestDatabase, _ ids: [UUID]) async throws -> Int {
        let array = "{" + ids.map(\.uuidString).joined(separator: ",") + "}"
        let rows = try await database.pool.withConnection { connection in
            try await connection.query(
                "SELECT count(DISTINCT xmin::text) AS n FROM processed_messages WHERE message_id = ANY($1::uuid[])",
                [array])
        }
        return try rows.first?.int("n") ?? 0
    }

    /// The commands as the listener leaves them: accepted in the command log, then on the bus.
    private static func accepted(_ commands: [FinancingCommand], _ database: TestDatabase) async throws
        -> [IncomingMessage]
    {
        var batch: [IncomingMessage] = []
        for command in commands {
            let id = UUID()
            _ = try await database.commandLog.accept(Inbound.accepted(command, id: id))
            batch.append(Inbound.command(command, id: id))
        }
        return batch
    }

    @Test("commands on different aggregates are recorded in one transaction, with the outcomes one by one gives")
    func oneTransactionSameOutcomes() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = try await harness.registerIssuer()
            let rich = try await harness.registerInvestor(balance: cents(10_000))
            let poor = try await harness.registerInvestor(balance: cents(100))
            let onSale = try await harness.sellInvoice(issuer: issuer, askingPrice: cents(3_000))
            let alsoOnSale = try await harness.sellInvoice(issuer: issuer, askingPrice: cents(2_000))
            try await harness.runPolicies()

            let commands: [FinancingCommand] = [
                .sellInvoice(invoice: InvoiceID(UUID()), issuer: issuer, askingPrice: cents(1_000)),
                .bidOnInvoice(investor: rich, invoice: onSale, bid: cents(3_000)),
                .bidOnInvoice(investor: poor, invoice: onSale, bid: cents(3_000)),
                .approveFinancing(invoice: alsoOnSale),
            ]
            let batch = try await Self.accepted(commands, database)
            let ids = batch.compactMap(\.messageID)
            try await harness.handler.handle(batch)

            var outcomes: [String] = []
            for id in ids {
                switch try await harness.outcome(id) {
                case .succeeded: outcomes.append("succeeded")
                case .rejected: outcomes.append("rejected")
                default: outcomes.append("none")
                }
            }
            #expect(outcomes == ["succeeded", "succeeded", "rejected", "rejected"])
            #expect(try await Self.transactions(database, ids) == 1)
            #expect(try await harness.account(rich)?.reserved == cents(3_000))
            #expect(try await harness.account(poor)?.reserved == cents(0))

            // Delivered again (a crash before the acknowledgement): nothing changes.
            let before = try await harness.eventCount()
            try await harness.handler.handle(batch)
            #expect(try await harness.eventCount() == before)
            #expect(try await Self.transactions(database, ids) == 1)
        }
    }

    @Test("two reactions that change one aggregate go in separate runs, in commit order: no conflict")
    func reactionsOnOneAggregate() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = try await harness.registerIssuer()
            let ada = try await harness.registerInvestor(balance: cents(10_000))
            let bob = try await harness.registerInvestor(balance: cents(10_000))
            let invoice = try await harness.sellInvoice(issuer: issuer, askingPrice: cents(3_000))
            try await harness.runPolicies()
            try await harness.send(.bidOnInvoice(investor: ada, invoice: invoice, bid: cents(3_000)))
            try await harness.send(.bidOnInvoice(investor: bob, invoice: invoice, bid: cents(3_000)))
            // Both BidOnInvoicePlaced, keyed by different investors, consider a bid on the same invoice.
            let placed = try await harness.store.unpublished(limit: 100).filter { $0.type == "BidOnInvoicePlaced" }
            try #require(placed.count == 2)
            harness.skipPolicies(for: placed)

            let counting = CountingStore(database.store)
            let handler = FinancingHandler(
                store: counting, deadLetters: harness.deadLetters, acceptedCommands: database.commandLog,
                logger: TestLogging.logger("handler"))
            try await handler.react(to: placed)

            #expect(counting.conflicts.value == 0)
            let decided = Array(try await harness.decoded(invoice).suffix(2))
            try #require(decided.count == 2)
            // Ada's bid was placed first: it finances the invoice; Bob's, considered after, is rejected.
            guard case .financed(_, let winner) = decided[0], case .bidRejected(let loser) = decided[1] else {
                Issue.record("got \(decided)")
                return
            }
            #expect(winner.investor == ada && loser.investor == bob)
            #expect(try await harness.parked().isEmpty)
        }
    }

    @Test("messages of one aggregate in a batch keep their order")
    func sameKeyKeepsOrder() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = try await harness.registerIssuer()
            let ada = try await harness.registerInvestor(balance: cents(5_000))
            let first = try await harness.sellInvoice(issuer: issuer, askingPrice: cents(4_000))
            let second = try await harness.sellInvoice(issuer: issuer, askingPrice: cents(2_000))
            try await harness.runPolicies()
            let commands: [FinancingCommand] = [
                .bidOnInvoice(investor: ada, invoice: first, bid: cents(4_000)),
                .bidOnInvoice(investor: ada, invoice: second, bid: cents(2_000)),
            ]
            let batch = try await Self.accepted(commands, database)
            let ids = batch.compactMap(\.messageID)
            try await harness.handler.handle(batch)

            #expect(try await harness.outcome(ids[0]) == .succeeded)
            if case .rejected = try await harness.outcome(ids[1]) {
            } else {
                Issue.record("the second bid should be refused: the first reserved 4,000 of 5,000")
            }
            #expect(try await Self.transactions(database, ids) == 2)
        }
    }
}

extension HandlerBatchTests {
    @Test("a batch of 64 registrations: one transaction, every investor created once")
    func largeRun() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investors = (0..<64).map { _ in InvestorID(UUID()) }
            let batch = investors.map {
                Inbound.registration(.investorRegistered($0, name: "Investor", balance: cents(1_000)))
            }
            try await harness.handler.handle(batch)
            for investor in investors {
                #expect(try await harness.account(investor)?.balance == cents(1_000))
            }
            let ids = batch.compactMap(\.messageID)
            #expect(try await Self.transactions(database, ids) == 1)
        }
    }
}

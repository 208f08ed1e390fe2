import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Logging
import Testing

/// Loading from a snapshot plus later events gives exactly the state folding every event gives.
@Suite("Snapshots")
struct SnapshotTests {
    /// An executor that snapshots every `every` events, and one that always folds the whole history.
    private static func executors(_ database: TestDatabase, snapshotEvery every: Int) -> (
        withSnapshots: CommandExecutor, withoutSnapshots: CommandExecutor
    ) {
        let logger = Logger(label: "snapshot-test")
        return (
            CommandExecutor(
                store: database.store, snapshots: SnapshotPolicy(store: database.store, every: every), logger: logger),
            CommandExecutor(store: database.store, logger: logger)
        )
    }

    @Test("an investor loaded from snapshots equals the investor folded from all its events")
    func investorStateIsTheSameWithAndWithoutSnapshots() async throws {
        try await TestDatabase.with { database in
            let (withSnapshots, withoutSnapshots) = Self.executors(database, snapshotEvery: 3)
            let investor = InvestorID(UUID())
            let stream = StreamID(aggregateType: Investor.aggregateType, id: investor.uuid)
            let invoice = InvoiceID(UUID())

            _ = try await withSnapshots.execute(
                Investor.self, id: investor.uuid,
                command: .register(id: investor, openingBalance: Money(minorUnits: 100_000)),
                codec: .investor, snapshotCodec: .investor, messageID: UUID())
            for round in 1...10 {
                let amount = Money(minorUnits: Int64(round * 100))
                let commands: [Investor.Command] = [
                    .placeBid(invoice: invoice, amount: amount, invoiceExists: true),
                    round.isMultiple(of: 2) ? .commitFunds(amount) : .releaseFunds(amount),
                ]
                for command in commands {
                    let result = try await withSnapshots.execute(
                        Investor.self, id: investor.uuid, command: command, codec: .investor, snapshotCodec: .investor,
                        messageID: UUID())
                    guard case .committed = result else {
                        Issue.record("\(command) was not committed: \(result)")
                        return
                    }
                }
            }

            let snapshot = try #require(try await database.store.latestSnapshot(of: stream, revision: 1))
            #expect(snapshot.version == 21)
            let fromSnapshot = try await withSnapshots.load(
                Investor.self, stream, codec: .investor, snapshotCodec: .investor)
            let fromEvents = try await withoutSnapshots.load(Investor.self, stream, codec: .investor)
            #expect(fromSnapshot.version == 22)
            #expect(fromSnapshot.version == fromEvents.version)
            #expect(fromSnapshot.state == fromEvents.state)
            guard case .active(let account) = fromEvents.state else {
                Issue.record("investor not registered")
                return
            }
            #expect(account.committed == Money(minorUnits: 3_000))
            #expect(account.balance == Money(minorUnits: 97_000))
            #expect(account.reserved == .zero)
        }
    }

    @Test("an invoice loaded from a snapshot keeps its phase and winning bid")
    func invoiceStateIsTheSameWithAndWithoutSnapshots() async throws {
        try await TestDatabase.with { database in
            let (withSnapshots, withoutSnapshots) = Self.executors(database, snapshotEvery: 2)
            let invoice = InvoiceID(UUID())
            let stream = StreamID(aggregateType: Invoice.aggregateType, id: invoice.uuid)
            let bid = Bid(investor: InvestorID(UUID()), amount: Money(minorUnits: 1_500))
            let commands: [Invoice.Command] = [
                .sell(id: invoice, issuer: IssuerID(UUID()), askingPrice: Money(minorUnits: 1_000), issuerExists: true),
                .considerBid(bid), .considerBid(Bid(investor: InvestorID(UUID()), amount: Money(minorUnits: 2_000))),
            ]
            for command in commands {
                _ = try await withSnapshots.execute(
                    Invoice.self, id: invoice.uuid, command: command, codec: .invoice, snapshotCodec: .invoice,
                    messageID: UUID())
            }
            #expect(try await database.store.latestSnapshot(of: stream, revision: 1)?.version == 2)
            let fromSnapshot = try await withSnapshots.load(
                Invoice.self, stream, codec: .invoice, snapshotCodec: .invoice)
            let fromEvents = try await withoutSnapshots.load(Invoice.self, stream, codec: .invoice)
            #expect(fromSnapshot.state == fromEvents.state)
            #expect(fromSnapshot.version == 3)
            #expect(fromSnapshot.state.winningBid == bid)
        }
    }

    @Test("one read returns the snapshot and only the later events, or all events when there is none")
    func snapshotAndLaterEventsInOneRead() async throws {
        try await TestDatabase.with { database in
            let store = database.store
            let stream = StreamID(aggregateType: Investor.aggregateType, id: UUID())
            let events = (1...5).map {
                EncodedEvent(type: "Thing\($0)Happened", payload: Array(#"{"n": \#($0)}"#.utf8))
            }
            _ = try await store.record(
                StreamChange(
                    messageID: UUID(), stream: stream, expectedVersion: 0, events: events, commandID: nil,
                    outcome: .succeeded, traceparent: nil))

            let none = try await store.loadFromLatestSnapshot(stream, revision: 1)
            #expect(none.snapshot == nil)
            #expect(none.later.map(\.version) == [1, 2, 3, 4, 5])

            try await store.save(Snapshot(stream: stream, version: 3, state: Array(#"{"s": 3}"#.utf8)), revision: 1)
            let some = try await store.loadFromLatestSnapshot(stream, revision: 1)
            #expect(some.snapshot?.version == 3)
            #expect(try JSON.equal(try #require(some.snapshot?.state), Array(#"{"s": 3}"#.utf8)))
            #expect(some.later.map(\.version) == [4, 5])
            #expect(some.later.map(\.type) == ["Thing4Happened", "Thing5Happened"])
            // Another codec revision's snapshot is not this one's.
            #expect(try await store.loadFromLatestSnapshot(stream, revision: 2).later.count == 5)
        }
    }

    @Test("an unreadable snapshot costs only time: the executor folds the whole history")
    func unreadableSnapshotFallsBackToTheHistory() async throws {
        try await TestDatabase.with { database in
            let (executor, withoutSnapshots) = Self.executors(database, snapshotEvery: 100)
            let investor = InvestorID(UUID())
            let stream = StreamID(aggregateType: Investor.aggregateType, id: investor.uuid)
            _ = try await executor.execute(
                Investor.self, id: investor.uuid,
                command: .register(id: investor, openingBalance: Money(minorUnits: 5_000)),
                codec: .investor, snapshotCodec: .investor, messageID: UUID())
            try await database.store.save(
                Snapshot(stream: stream, version: 2, state: Array(#"{"not": "an investor"}"#.utf8)), revision: 1)

            let loaded = try await executor.load(Investor.self, stream, codec: .investor, snapshotCodec: .investor)
            let folded = try await withoutSnapshots.load(Investor.self, stream, codec: .investor)
            #expect(loaded.version == 2)
            #expect(loaded.state == folded.state)
        }
    }
}

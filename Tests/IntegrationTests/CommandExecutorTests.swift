import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import PostgresEventStore
import Synchronization
import Testing

@Suite("CommandExecutor on the PostgreSQL event store")
struct CommandExecutorTests {
    @Test("10 concurrent bids on one investor: each commits or is properly rejected, no update is lost")
    func concurrentBids() async throws {
        try await TestDatabase.with(maxConnections: 10) { database in
            let harness = HandlerHarness(database)
            let funds = cents(10_000)
            let investor = try await harness.registerInvestor(balance: funds)
            let issuer = try await harness.registerIssuer()
            let invoice = try await harness.sellInvoice(issuer: issuer, askingPrice: cents(1_000))
            let store = CountingStore(database.store)
            let executor = CommandExecutor(store: store, logger: TestLogging.logger("executor"))
            let bid = cents(1_500)
            let commandIDs = (0..<10).map { _ in UUID() }

            let results = try await withThrowingTaskGroup(
                of: DecisionResult<Investor.Event, Investor.Failure>.self
            ) { group in
                for id in commandIDs {
                    group.addTask {
                        return try await executor.execute(
                            Investor.self, id: investor.uuid,
                            command: .placeBid(invoice: invoice, amount: bid, invoiceExists: true), codec: .investor,
                            messageID: id, commandID: id)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            var committed = 0
            var rejections: [Investor.Failure] = []
            for result in results {
                switch result {
                case .committed(let events):
                    #expect(events == [.bidOnInvoicePlaced(invoice: invoice, amount: bid)])
                    committed += 1
                case .rejected(let failure): rejections.append(failure)
                case .duplicate: Issue.record("a fresh message id was reported as a duplicate")
                }
            }
            // 6 × 15.00 fit in 100.00; every refusal was decided on the final balance of 10.00.
            #expect(committed == 6)
            #expect(rejections == Array(repeating: .insufficientBalance(available: cents(1_000), bid: bid), count: 4))

            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(1_000))
            #expect(account.reserved == cents(9_000))
            #expect(
                account.balance.minorUnits + account.reserved.minorUnits + account.committed.minorUnits
                    == funds.minorUnits)
            let versions = try await harness.events(of: investor).map(\.version)
            #expect(versions == Array(1...8))
            var outcomes: [CommandOutcome] = []
            for commandID in commandIDs { outcomes.append(try #require(try await harness.outcome(commandID))) }
            #expect(outcomes.filter { $0 == .succeeded }.count == 6)
            #expect(
                outcomes.filter { $0 == .rejected(reason: "insufficient balance: available 1000, bid 1500") }.count == 4
            )
            // Every conflict the store reported was retried to one of the outcomes above.
            #expect(store.records.value == 10 + store.conflicts.value)
        }
    }

    @Test("a decision overtaken by another writer is made again on the new state")
    func conflictIsRetried() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(1_000))
            let invoice = InvoiceID(UUID())
            let stream = StreamID(aggregateType: Investor.aggregateType, id: investor.uuid)
            // Before the executor's first append, another writer places a bid of 800 on the same investor.
            let store = CountingStore(database.store) { store in
                let rival = EventCodec.investor.encode(
                    investor.uuid, .bidOnInvoicePlaced(invoice: invoice, amount: cents(800)))
                _ = try await store.record(
                    StreamChange(messageID: UUID(), stream: stream, expectedVersion: 2, events: [rival]))
            }
            let executor = CommandExecutor(store: store, logger: TestLogging.logger("executor"))
            let commandID = UUID()

            let result = try await executor.execute(
                Investor.self, id: investor.uuid,
                command: .placeBid(invoice: invoice, amount: cents(500), invoiceExists: true),
                codec: .investor, messageID: commandID, commandID: commandID)

            guard case .rejected(let failure) = result else {
                Issue.record("expected a rejection decided on the new balance, got \(result)")
                return
            }
            #expect(failure == .insufficientBalance(available: cents(200), bid: cents(500)))
            #expect(store.conflicts.value == 1)
            #expect(
                try await harness.outcome(commandID)
                    == .rejected(reason: "insufficient balance: available 200, bid 500"))
            #expect(try await harness.account(investor)?.reserved == cents(800))
        }
    }
}

/// The real store, counting `record` calls and the conflicts they reported; `beforeFirstRecord`
/// runs once, just before the first record, to let a rival writer in.
final class CountingStore: EventStore, Sendable {
    private let store: any EventStore
    private let beforeFirstRecord: (@Sendable (any EventStore) async throws -> Void)?
    private let started = Atomic<Bool>(false)
    let records = Counter()
    /// Calls of `record(together:)`: groups written in one transaction.
    let groupedRecords = Counter()
    let conflicts = Counter()

    init(_ store: any EventStore, beforeFirstRecord: (@Sendable (any EventStore) async throws -> Void)? = nil) {
        self.store = store
        self.beforeFirstRecord = beforeFirstRecord
    }

    func load(_ stream: StreamID) async throws(EventStoreError) -> [RecordedEvent] { try await store.load(stream) }

    func exists(_ stream: StreamID) async throws(EventStoreError) -> Bool { try await store.exists(stream) }

    func events(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await store.events(after: position, limit: limit)
    }

    func record(_ change: StreamChange) async throws(EventStoreError) -> AppendResult {
        if let beforeFirstRecord, !started.exchange(true, ordering: .relaxed) {
            do {
                try await beforeFirstRecord(store)
            } catch {
                throw EventStoreError(.unavailable, "rival writer failed: \(error)")
            }
        }
        records.increment()
        do {
            return try await store.record(change)
        } catch {
            if error.code == .concurrencyConflict { conflicts.increment() }
            throw error
        }
    }

    func record(together changes: [StreamChange]) async throws(EventStoreError)
        -> [Result<AppendResult, EventStoreError>]
    {
        groupedRecords.increment()
        do {
            return try await store.record(together: changes)
        } catch {
            if error.code == .concurrencyConflict { conflicts.increment() }
            throw error
        }
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    func increment() { count.add(1, ordering: .relaxed) }

    var value: Int { count.load(ordering: .relaxed) }
}

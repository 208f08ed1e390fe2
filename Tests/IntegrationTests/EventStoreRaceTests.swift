import EventSourcing
import Foundation
import Postgres
import Testing

@testable import PostgresEventStore

/// The one-statement append under concurrency: what a redelivery racing its first delivery gets,
/// and the hold the chaos harness uses to make a transaction commit after later ones.
@Suite("PostgresEventStore: races of the one-statement append")
struct EventStoreRaceTests {
    private static func change(
        _ stream: StreamID, at version: Int, events: Int, messageID: UUID, commandID: UUID? = nil,
        outcome: CommandOutcome = .succeeded
    ) -> StreamChange {
        StreamChange(
            messageID: messageID, stream: stream, expectedVersion: version,
            events: (0..<events).map {
                EncodedEvent(type: "Thing\($0)Happened", payload: Array(#"{"n": \#($0)}"#.utf8))
            },
            commandID: commandID, outcome: outcome, traceparent: nil)
    }

    private static func recordTwiceAtOnce(_ change: StreamChange, _ store: PostgresEventStore) async throws
        -> [AppendResult]
    {
        try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for _ in 0..<2 { group.addTask { try await store.record(change) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("two deliveries of one message at once: one commits, the other is a duplicate", arguments: [2, 0])
    func concurrentRedelivery(events: Int) async throws {
        try await TestDatabase.with(maxConnections: 4) { database in
            let store = database.store
            for _ in 0..<20 {
                let stream = StreamID(aggregateType: "Investor", id: UUID())
                let commandID = UUID()
                let outcome: CommandOutcome = events == 0 ? .rejected(reason: "no") : .succeeded
                let change = Self.change(
                    stream, at: 0, events: events, messageID: UUID(), commandID: commandID, outcome: outcome)
                let results = try await Self.recordTwiceAtOnce(change, store)
                #expect(results.count { $0 == .committed(version: events) } == 1, "\(results)")
                #expect(results.count { $0 == .duplicate } == 1, "\(results)")
                #expect(try await store.load(stream).map(\.version) == Array(stride(from: 1, through: events, by: 1)))
                #expect(try await database.commandLog.outcome(of: commandID) == outcome)
            }
        }
    }

    @Test("a hold keeps the append's transaction open after its events took their positions")
    func holdKeepsTheTransactionOpen() async throws {
        try await TestDatabase.with(maxConnections: 4) { database in
            let stream = StreamID(aggregateType: "Invoice", id: UUID())
            let (sql, parameters) = PostgresEventStore.recordStatement(
                Self.change(stream, at: 0, events: 2, messageID: UUID()), holdOpen: .milliseconds(1_500))
            let held = Task { try await database.pool.withConnection { try await $0.query(sql, parameters) } }
            try await waitUntil("the append sleeps inside its statement") {
                let rows = try await database.query(
                    """
                    SELECT count(*) AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event = 'PgSleep'
                    """)
                return try rows.first?.int("n") == 1
            }
            // Asleep: its events are inserted but not committed, so nobody else sees them yet.
            #expect(try await database.store.load(stream).isEmpty)
            let row = try #require(try await held.value.first)
            #expect(try row.bool("fresh"))
            #expect(try await database.store.load(stream).map(\.version) == [1, 2])
        }
    }
}

import EventSourcing
import Foundation
import Testing

/// `PostgresEventStore.record(together:)`: changes of several streams in one transaction.
@Suite("PostgresEventStore: changes recorded together")
struct EventStoreGroupTests {
    private static func change(
        _ stream: StreamID, at version: Int, events: Int, messageID: UUID = UUID(), outcome: CommandOutcome = .succeeded
    ) -> StreamChange {
        StreamChange(
            messageID: messageID, stream: stream, expectedVersion: version,
            events: (0..<events).map { EncodedEvent(type: "Thing\($0)Happened", payload: Array(#"{"n": 1}"#.utf8)) },
            commandID: nil, outcome: outcome, traceparent: nil)
    }

    /// Records each group at the same time; says "committed", "conflict", or what else happened.
    private static func recordAtOnce(_ groups: [[StreamChange]], _ store: some EventStore) async -> [String] {
        await withTaskGroup(of: String.self) { tasks in
            for group in groups {
                tasks.addTask {
                    do {
                        let results = try await store.record(together: group)
                        let committed = results.allSatisfy { (try? $0.get()) == .committed(version: 1) }
                        return committed ? "committed" : "\(results)"
                    } catch {
                        return (error as? EventStoreError)?.code == .concurrencyConflict ? "conflict" : "\(error)"
                    }
                }
            }
            return await tasks.reduce(into: []) { $0.append($1) }
        }
    }

    private static func stream() -> StreamID { StreamID(aggregateType: "Investor", id: UUID()) }

    @Test("each change has its result, in the callers' order: committed, a stale rejection, a duplicate")
    func resultsPerChange() async throws {
        try await TestDatabase.with { database in
            let store = database.store
            let (fresh, moved, again) = (Self.stream(), Self.stream(), Self.stream())
            _ = try await store.record(Self.change(moved, at: 0, events: 1))
            let repeated = UUID()
            _ = try await store.record(Self.change(again, at: 0, events: 1, messageID: repeated))

            let results = try await store.record(together: [
                Self.change(fresh, at: 0, events: 2),
                Self.change(moved, at: 0, events: 0, outcome: .rejected(reason: "decided on version 0")),
                Self.change(again, at: 1, events: 1, messageID: repeated),
            ])

            #expect(try results[0].get() == .committed(version: 2))
            #expect(throws: EventStoreError.self) { try results[1].get() }
            if case .failure(let error) = results[1] { #expect(error.code == .concurrencyConflict) }
            #expect(try results[2].get() == .duplicate)
            #expect(try await store.load(fresh).map(\.version) == [1, 2])
            #expect(try await store.load(again).map(\.version) == [1])
        }
    }

    @Test("two groups on the same two streams, listed in opposite orders, at once: one commits, the other conflicts")
    func crossedGroupsDoNotDeadlock() async throws {
        try await TestDatabase.with(maxConnections: 4) { database in
            let store = database.store
            for _ in 0..<20 {
                let (first, second) = (Self.stream(), Self.stream())
                let groups = [
                    [Self.change(first, at: 0, events: 1), Self.change(second, at: 0, events: 1)],
                    [Self.change(second, at: 0, events: 1), Self.change(first, at: 0, events: 1)],
                ]
                let outcomes = await Self.recordAtOnce(groups, store)
                #expect(outcomes.sorted() == ["committed", "conflict"])
                let versions = [try await store.load(first).count, try await store.load(second).count]
                #expect(versions == [1, 1])
            }
        }
    }
}

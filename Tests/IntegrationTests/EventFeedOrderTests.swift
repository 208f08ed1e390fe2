import EventSourcing
import Foundation
import Postgres
import PostgresEventStore
import Testing

@Suite("The event feed pages in transaction-id order as numbers, not as text")
struct EventFeedOrderTests {
    /// Transaction ids of different lengths, stored out of order: as text "10" sorts before "9" and
    /// "100" before "99", which once made the saga's follower jump past a whole range of events
    /// when the cluster's ids went from four digits to five. Explicit ids below every running
    /// transaction stand for transactions that ended long ago.
    static let transactions: [UInt64] = [100, 9, 10, 99, 5, 9]

    private static func store(_ database: TestDatabase) async throws {
        let values = transactions.enumerated().map { index, transaction in
            "(gen_random_uuid(), 'Issuer', gen_random_uuid(), 1, 'IssuerCreated', '{\"n\": \(index)}', '\(transaction)'::xid8)"
        }
        _ = try await database.query(
            """
            INSERT INTO events (event_id, aggregate_type, aggregate_id, version, event_type, payload, transaction_id)
            VALUES \(values.joined(separator: ", "))
            """)
    }

    @Test("pages of two, each after the last one's end, return every event once in (transaction, position) order")
    func pagesFollowNumericOrder() async throws {
        try await TestDatabase.with { database in
            try await Self.store(database)
            var position = FeedPosition.start
            var read: [FeedEvent] = []
            while true {
                let page = try await database.store.events(after: position, limit: 2)
                guard let last = page.last else { break }
                read += page
                position = last.position
            }
            #expect(read.map(\.position.transaction) == [5, 9, 9, 10, 99, 100])
            #expect(read.map(\.position) == read.map(\.position).sorted())
            #expect(Set(read.map(\.event.eventID)).count == Self.transactions.count)
            #expect(try await database.store.end() == read.last?.position)
        }
    }
}

import struct Foundation.UUID

/// The dead letters' storage port, in the event store so that they survive the bus.
public protocol DeadLetterStore: Sendable {
    /// Parks `letter`, marks its message processed (so a redelivery is not parked twice and no follower
    /// retries it) and, for a command, records the outcome REJECTED with the reason: all in one
    /// transaction. Parking the same message twice keeps the first.
    func park(_ letter: DeadLetter) async throws(EventStoreError)
    /// Parked letters not yet copied to their dead-letter topic, oldest first.
    func unpublishedLetters(limit: Int) async throws(EventStoreError) -> [ParkedLetter]
    /// Marks letters copied to their dead-letter topic.
    func markLettersPublished(_ ids: [Int64]) async throws(EventStoreError)
    /// Letters of `topic` not redriven yet, oldest first (every topic when nil).
    func parkedLetters(of topic: String?, limit: Int) async throws(EventStoreError) -> [ParkedLetter]
    /// Takes letter `id` out of the dead-letter box so its message can be handled again: its processed
    /// mark is removed and the letter marked redriven, in one transaction. False when it was redriven already.
    func release(_ id: Int64) async throws(EventStoreError) -> Bool
}

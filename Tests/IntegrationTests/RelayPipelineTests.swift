import EventSourcing
import Foundation
import PostgresEventStore
import Relayer
import Testing

/// The relayer keeps a second relay in flight while the first awaits the broker's acknowledgement,
/// on the real outbox. The publisher holds one relay open so the interleaving is the test's choice.
@Suite("RelayerService pipelining relays over the real outbox")
struct RelayPipelineTests {
    static let logger = TestLogging.logger("relay-pipeline")

    private static func stream() -> StreamID { StreamID(aggregateType: "Investor", id: UUID()) }

    private static func append(_ database: TestDatabase, _ stream: StreamID, at version: Int, count: Int) async throws {
        let events = (1...count).map { n in
            EncodedEvent(type: "Thing\(version + n)Happened", payload: Array(#"{"n": \#(version + n)}"#.utf8))
        }
        _ = try await database.store.record(
            StreamChange(messageID: UUID(), stream: stream, expectedVersion: version, events: events))
    }

    /// The aggregate versions acknowledged for `stream`, in the order they were acknowledged.
    private static func versions(_ publisher: HeldPublisher, _ stream: StreamID) -> [Int] {
        publisher.acknowledged.filter { $0.key == stream.id.uuidString.lowercased() }
            .compactMap { $0.header(MessageHeader.aggregateVersion).flatMap(Int.init) }
    }

    private static func unpublished(_ database: TestDatabase, _ stream: StreamID) async throws -> [Int] {
        try await database.store.unpublished(limit: 1_000).filter { $0.stream == stream }.map(\.version)
    }

    /// Starts a depth-2 relayer, holds the relay carrying `held`'s first two events, and appends
    /// `other`'s two events and then `held`'s third; returns once `other` is through.
    private static func holdOneRelay(
        _ database: TestDatabase, held: StreamID, other: StreamID, publisher: HeldPublisher
    ) async throws -> Task<Void, any Error> {
        let relayer = RelayerService(
            outbox: database.store, publisher: publisher, lock: PostgresLeaderLock(url: database.url, logger: logger),
            interval: .milliseconds(20), pipelineDepth: 2, logger: logger)
        let running = Task { try await relayer.run() }
        try await append(database, held, at: 0, count: 2)
        try await waitUntil("the relay of the held aggregate is in flight") { publisher.isHolding }

        try await append(database, other, at: 0, count: 2)
        try await waitUntil("the other aggregate is published while the first relay is in flight") {
            versions(publisher, other) == [1, 2]
        }
        try await append(database, held, at: 2, count: 1)
        // Several of the relayer's polls pass: the held aggregate's next version must wait for its relay.
        try await Task.sleep(for: .milliseconds(300))
        #expect(publisher.isHolding)
        #expect(versions(publisher, held).isEmpty)
        #expect(try await unpublished(database, held) == [1, 2, 3])
        return running
    }

    /// Whether the held relay is acknowledged or fails (as a broker outage would fail it) once the later
    /// relay went out: either way the held aggregate ends on the bus as versions 1, 2, 3, in that order.
    @Test(
        "a second relay goes out while the first awaits its acknowledgement, but not with the first's aggregate",
        arguments: [true, false])
    func pipelinesOtherAggregates(heldRelayAcknowledged: Bool) async throws {
        try await TestDatabase.with { database in
            let held = Self.stream()
            let other = Self.stream()
            let publisher = HeldPublisher(holding: held.id.uuidString.lowercased())
            let running = try await Self.holdOneRelay(database, held: held, other: other, publisher: publisher)
            defer { running.cancel() }

            publisher.release(acknowledging: heldRelayAcknowledged)
            try await waitUntil("the held aggregate's versions follow, in order") {
                Self.versions(publisher, held) == [1, 2, 3]
            }
            #expect(Self.versions(publisher, other) == [1, 2])
            try await waitUntil("the outbox is empty") { try await database.store.unpublished(limit: 1).isEmpty }
            running.cancel()
            try await running.value
        }
    }
}

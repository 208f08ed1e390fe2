import EventSourcing
import Foundation
import Postgres
import PostgresEventStore
import Testing

@Suite("PostgresEventStore and PostgresCommandLog against a real PostgreSQL")
struct EventStoreTests {
    private static func stream(_ type: String = "Investor") -> StreamID {
        StreamID(aggregateType: type, id: UUID())
    }

    private static func event(_ n: Int, _ text: String = "plain") -> EncodedEvent {
        EncodedEvent(
            type: "Thing\(n)Happened",
            payload: Array(#"{"n": \#(n), "text": "\#(text)", "nested": {"b": [1, 2]}}"#.utf8))
    }

    private static func change(
        _ stream: StreamID, at version: Int, _ events: [EncodedEvent], messageID: UUID = UUID(), commandID: UUID? = nil,
        outcome: CommandOutcome = .succeeded, traceparent: String? = nil
    ) -> StreamChange {
        StreamChange(
            messageID: messageID, stream: stream, expectedVersion: version, events: events, commandID: commandID,
            outcome: outcome, traceparent: traceparent)
    }

    @Test("appended events load back with versions 1…n, increasing positions and their JSON intact")
    func appendAndLoad() async throws {
        try await TestDatabase.with { database in
            let store = database.store
            let stream = Self.stream()
            let messageID = UUID()
            let trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            let first = [Self.event(1, "é ✓ \\\"quoted\\\""), Self.event(2), Self.event(3)]
            #expect(try await store.exists(stream) == false)
            #expect(try await store.load(stream).isEmpty)

            let result = try await store.record(
                Self.change(stream, at: 0, first, messageID: messageID, traceparent: trace))
            #expect(result == .committed(version: 3))
            let second = [Self.event(4), Self.event(5)]
            #expect(try await store.record(Self.change(stream, at: 3, second)) == .committed(version: 5))

            let loaded = try await store.load(stream)
            #expect(loaded.map(\.version) == [1, 2, 3, 4, 5])
            #expect(loaded.map(\.type) == (first + second).map(\.type))
            #expect(zip(loaded, loaded.dropFirst()).allSatisfy { $0.position < $1.position })
            #expect(Set(loaded.map(\.eventID)).count == 5)
            #expect(loaded.allSatisfy { $0.stream == stream && $0.schemaVersion == 1 })
            for (recorded, original) in zip(loaded, first + second) {
                #expect(try JSON.equal(recorded.payload, original.payload), "payload of v\(recorded.version)")
            }
            #expect(loaded.prefix(3).allSatisfy { $0.causationID == messageID && $0.traceparent == trace })
            #expect(loaded.suffix(2).allSatisfy { $0.traceparent == nil })
            #expect(try await store.exists(stream))
            // Existence is per aggregate type: the same id as another type is a different aggregate.
            #expect(try await store.exists(StreamID(aggregateType: "Invoice", id: stream.id)) == false)
        }
    }

    @Test("two writers appending at the same expected version: exactly one commits, the other conflicts")
    func concurrentAppend() async throws {
        try await TestDatabase.with { database in
            let store = database.store
            let stream = Self.stream()
            #expect(try await store.record(Self.change(stream, at: 0, [Self.event(1)])) == .committed(version: 1))
            let messageIDs = [UUID(), UUID()]

            let outcomes = await withTaskGroup(of: Result<AppendResult, EventStoreError>.self) { group in
                for (index, messageID) in messageIDs.enumerated() {
                    group.addTask {
                        let change = Self.change(stream, at: 1, [Self.event(10 + index)], messageID: messageID)
                        do throws(EventStoreError) {
                            return .success(try await store.record(change))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }

            let committed = outcomes.compactMap { try? $0.get() }
            let conflicts = outcomes.compactMap { outcome -> EventStoreError? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(committed == [.committed(version: 2)])
            #expect(conflicts.map(\.code) == [.concurrencyConflict])
            #expect(conflicts.first?.stream == stream)
            let loaded = try await store.load(stream)
            #expect(loaded.map(\.version) == [1, 2])

            // The loser's message was not marked processed: deciding again on the new version commits.
            let winner = try #require(loaded.last?.causationID)
            let loser = try #require(messageIDs.first { $0 != winner })
            #expect(
                try await store.record(Self.change(stream, at: 2, [Self.event(20)], messageID: loser))
                    == .committed(version: 3))
        }
    }

    @Test("appending on a stale version conflicts, also for a rejection that appends nothing")
    func staleVersionConflicts() async throws {
        try await TestDatabase.with { database in
            let store = database.store
            let stream = Self.stream()
            _ = try await store.record(Self.change(stream, at: 0, [Self.event(1), Self.event(2)]))

            let stale = await #expect(throws: EventStoreError.self) {
                try await store.record(Self.change(stream, at: 1, [Self.event(3)]))
            }
            #expect(stale?.code == .concurrencyConflict)

            let commandID = UUID()
            let staleRejection = await #expect(throws: EventStoreError.self) {
                try await store.record(
                    Self.change(stream, at: 1, [], commandID: commandID, outcome: .rejected(reason: "stale")))
            }
            #expect(staleRejection?.code == .concurrencyConflict)
            // Nothing of the failed attempts stayed behind: no outcome, no event.
            #expect(try await database.commandLog.outcome(of: commandID) == nil)
            #expect(try await store.load(stream).map(\.version) == [1, 2])
        }
    }

    @Test("recording the same message id twice: the second is a duplicate and changes nothing")
    func duplicateMessage() async throws {
        try await TestDatabase.with { database in
            let store = database.store
            let stream = Self.stream()
            let other = Self.stream()
            let messageID = UUID()
            let commandID = UUID()
            #expect(
                try await store.record(
                    Self.change(stream, at: 0, [Self.event(1)], messageID: messageID, commandID: commandID))
                    == .committed(version: 1))
            let before = try await database.allEvents()

            #expect(
                try await store.record(Self.change(stream, at: 1, [Self.event(2)], messageID: messageID)) == .duplicate)
            #expect(
                try await store.record(Self.change(other, at: 0, [Self.event(3)], messageID: messageID)) == .duplicate)
            let rejection = Self.change(
                stream, at: 1, [], messageID: messageID, commandID: commandID, outcome: .rejected(reason: "late"))
            #expect(try await store.record(rejection) == .duplicate)

            #expect(try await database.allEvents() == before)
            #expect(try await store.exists(other) == false)
            #expect(try await database.commandLog.outcome(of: commandID) == .succeeded)
        }
    }

    @Test("a rejection appends nothing and records the command REJECTED with its reason")
    func rejectionRecordsOutcome() async throws {
        try await TestDatabase.with { database in
            let store = database.store
            let log = database.commandLog
            let stream = Self.stream()
            _ = try await store.record(Self.change(stream, at: 0, [Self.event(1)]))
            let commandID = UUID()
            _ = try await log.accept(
                AcceptedCommand(
                    commandID: commandID, type: "BidOnInvoice", targetID: stream.id, payload: Array(#"{"a": 1}"#.utf8),
                    fingerprint: "f"))
            #expect(try await log.outcome(of: commandID) == .pending)

            let reason = "insufficient balance: available 100, bid 200"
            let result = try await store.record(
                Self.change(
                    stream, at: 1, [], messageID: commandID, commandID: commandID, outcome: .rejected(reason: reason)))
            #expect(result == .committed(version: 1))
            #expect(try await store.load(stream).count == 1)
            #expect(try await log.outcome(of: commandID) == .rejected(reason: reason))
            let rows = try await database.query(
                "SELECT state, reason FROM command_outcomes WHERE command_id = $1", [commandID])
            #expect(try rows.map { try $0.string("state") } == ["REJECTED"])
            #expect(try rows.first?.optionalString("reason") == reason)

            // A success is reported as such.
            let succeeded = UUID()
            _ = try await store.record(Self.change(stream, at: 1, [Self.event(2)], commandID: succeeded))
            #expect(try await log.outcome(of: succeeded) == .succeeded)
        }
    }

    @Test("accept() returns the first record for a repeated command id; unknown ids have no outcome")
    func commandLogAccept() async throws {
        try await TestDatabase.with { database in
            let log = database.commandLog
            let commandID = UUID()
            let first = AcceptedCommand(
                commandID: commandID, type: "SellInvoice", targetID: UUID(),
                payload: Array(#"{"asking_price":100,"issuer_id":"x"}"#.utf8),
                fingerprint: "SellInvoice asking_price=100")
            let retry = AcceptedCommand(
                commandID: commandID, type: "SellInvoice", targetID: UUID(),
                payload: Array(#"{"asking_price":999}"#.utf8), fingerprint: "SellInvoice asking_price=999")

            #expect(try await log.accept(first) == first)
            let answered = try await log.accept(retry)
            #expect(answered.commandID == first.commandID)
            #expect(answered.type == first.type)
            #expect(answered.targetID == first.targetID)
            #expect(answered.fingerprint == first.fingerprint)
            #expect(try JSON.equal(answered.payload, first.payload))
            #expect(try await log.outcome(of: commandID) == .pending)
            #expect(try await log.outcome(of: UUID()) == nil)
            let count = try await database.query("SELECT count(*) AS n FROM commands")
            #expect(try count.first?.int("n") == 1)
        }
    }

    @Test("unpublished() returns events in position order up to the limit; markPublished() removes them")
    func outboxOrder() async throws {
        try await TestDatabase.with { database in
            let store = database.store
            let a = Self.stream()
            let b = Self.stream("Invoice")
            _ = try await store.record(Self.change(a, at: 0, [Self.event(1), Self.event(2)]))
            _ = try await store.record(Self.change(b, at: 0, [Self.event(3)]))
            _ = try await store.record(Self.change(a, at: 2, [Self.event(4)]))

            let all = try await store.unpublished(limit: 100)
            #expect(all.map(\.type) == ["Thing1Happened", "Thing2Happened", "Thing3Happened", "Thing4Happened"])
            #expect(all.map(\.stream) == [a, a, b, a])
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.position < $1.position })
            #expect(try await store.unpublished(limit: 2) == Array(all.prefix(2)))

            try await store.markPublished(Array(all.prefix(2)))
            #expect(try await store.unpublished(limit: 100) == Array(all.suffix(2)))
            // Marking again (a relayer retrying after a crash) is harmless.
            try await store.markPublished(Array(all.prefix(3)))
            #expect(try await store.unpublished(limit: 100) == [all[3]])
            try await store.markPublished([all[3]])
            #expect(try await store.unpublished(limit: 100).isEmpty)
            // Published events stay in their streams.
            #expect(try await store.load(a).count == 3)
        }
    }

    @Test("an event whose transaction commits after a later one is still found by unpublished()")
    func lateCommitIsNotSkipped() async throws {
        try await TestDatabase.with(maxConnections: 6) { database in
            let store = database.store
            let late = Self.stream()
            let early = Self.stream()
            let commandID = UUID()

            // Holds an uncommitted outcome row for `commandID`, so the late writer's transaction, having
            // already inserted its event (and taken its position), waits on it before it can commit.
            let blocker = try await PostgresConnection.connect(url: database.url, logger: database.logger)
            defer { blocker.close() }
            try await blocker.execute("BEGIN")
            try await blocker.execute(
                "INSERT INTO command_outcomes (command_id, state) VALUES ($1, 'SUCCEEDED')", [commandID])

            let lateWrite = Task {
                try await store.record(Self.change(late, at: 0, [Self.event(1)], commandID: commandID))
            }
            try await waitUntil("the late writer waits on the lock") {
                let rows = try await database.query(
                    """
                    SELECT count(*) AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                    """)
                return try rows.first?.int("n") == 1
            }

            #expect(try await store.record(Self.change(early, at: 0, [Self.event(2)])) == .committed(version: 1))
            let seenFirst = try await store.unpublished(limit: 100)
            #expect(seenFirst.map(\.stream) == [early])
            try await store.markPublished(seenFirst)

            try await blocker.execute("ROLLBACK")
            #expect(try await lateWrite.value == .committed(version: 1))

            let seenLater = try await store.unpublished(limit: 100)
            #expect(seenLater.map(\.stream) == [late])
            // It was numbered before the event already published: a "max position seen" cursor would skip it.
            let latePosition = try #require(seenLater.first?.position)
            let earlyPosition = try #require(seenFirst.first?.position)
            #expect(latePosition < earlyPosition)
        }
    }
}

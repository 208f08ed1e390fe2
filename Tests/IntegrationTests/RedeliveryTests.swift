import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import PostgresEventStore
import Testing

@testable import Relayer

@Suite("Redelivery: what PostgreSQL holds reaches the bus again when the bus lost it")
struct RedeliveryTests {
    private static func redelivery(
        _ database: TestDatabase, publisher: RecordingPublisher, after: Duration = .milliseconds(300)
    ) -> Redelivery {
        Redelivery(
            commands: database.commandLog, deadLetters: database.deadLetters, publisher: publisher,
            lock: PostgresLeaderLock(
                url: database.url, key: Int64.random(in: 1...1_000_000), logger: TestLogging.logger("lock")),
            interval: .milliseconds(50), after: after, logger: TestLogging.logger("redelivery"))
    }

    private static func commandIDs(_ messages: [OutgoingMessage]) -> [String] {
        messages.filter { $0.topic == Topic.commands }.compactMap { $0.header(MessageHeader.messageID) }
    }

    @Test("a command without an outcome is enqueued again after `after`, then after twice and four times that")
    func pendingCommandIsEnqueuedAgain() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let published = RecordingPublisher()
            let redelivery = Self.redelivery(database, publisher: published, after: .milliseconds(500))
            // One that reached the handler has an outcome: never enqueued again.
            try await harness.send(.approveFinancing(invoice: InvoiceID(UUID())))
            let lost = FinancingCommand.approveFinancing(invoice: InvoiceID(UUID()))
            let lostID = UUID()
            _ = try await database.commandLog.accept(Inbound.accepted(lost, id: lostID))
            let epoch = Date(timeIntervalSince1970: 0)

            _ = try await redelivery.redeliverCommands(since: epoch)
            #expect(published.messages.isEmpty, "not due yet: accepted a moment ago")

            try await Task.sleep(for: .milliseconds(550))
            _ = try await redelivery.redeliverCommands(since: epoch)
            #expect(Self.commandIDs(published.messages) == [lostID.uuidString.lowercased()])
            let payload = try #require(published.messages.first?.payload)
            #expect(try JSON.equal(payload, lost.encoded()), "the command as it was accepted")

            _ = try await redelivery.redeliverCommands(since: epoch)
            #expect(published.messages.count == 1, "the second time waits twice as long")
            try await Task.sleep(for: .milliseconds(1_050))
            _ = try await redelivery.redeliverCommands(since: epoch)
            #expect(published.messages.count == 2)

            // Handled at last: the outcome ends the redeliveries.
            try await harness.handle(Inbound.command(lost, id: lostID))
            try await Task.sleep(for: .milliseconds(2_050))
            _ = try await redelivery.redeliverCommands(since: epoch)
            #expect(published.messages.count == 2)
        }
    }

    @Test("the running service re-enqueues a lost command, and the handler gives it its outcome once")
    func runningServiceHealsALostCommand() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = try await harness.registerIssuer()
            let published = RecordingPublisher()
            let invoice = InvoiceID(UUID())
            let sell = FinancingCommand.sellInvoice(invoice: invoice, issuer: issuer, askingPrice: cents(900))
            let sellID = UUID()
            _ = try await database.commandLog.accept(Inbound.accepted(sell, id: sellID))

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.redelivery(database, publisher: published).run() }
                defer { group.cancelAll() }
                try await waitUntil("the command is enqueued again") { !Self.commandIDs(published.messages).isEmpty }
            }
            // What the bus would deliver, twice (a slow command and its redelivery): one effect.
            for message in published.messages.filter({ $0.topic == Topic.commands }) + published.messages.prefix(1) {
                try await harness.handle(Inbound.received(message))
            }
            #expect(try await harness.outcome(sellID) == .succeeded)
            #expect(try await harness.events(of: invoice).map(\.type) == ["InvoiceCreated"])
        }
    }

    @Test("after zero turns command redelivery off; dead letters are still relayed")
    func afterZeroTurnsItOff() async throws {
        try await TestDatabase.with { database in
            let published = RecordingPublisher()
            _ = try await database.commandLog.accept(
                Inbound.accepted(.approveFinancing(invoice: InvoiceID(UUID())), id: UUID()))
            try await database.deadLetters.park(
                DeadLetter(
                    messageID: UUID(), topic: Topic.registering, location: "registering.events/0@7", key: "k",
                    headers: [MessageHeader(MessageHeader.messageType, "IssuerRegistered")], payload: Array("[]".utf8),
                    reason: "not an object"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.redelivery(database, publisher: published, after: .zero).run() }
                defer { group.cancelAll() }
                try await waitUntil("the dead letter is relayed") { !published.messages.isEmpty }
                try await Task.sleep(for: .milliseconds(400))
            }
            #expect(published.messages.map(\.topic) == [Topic.registering + ".dlq"])
        }
    }

    @Test("a parked letter goes to <topic>.dlq once, unchanged, with the reason and where it was")
    func deadLettersAreRelayedOnce() async throws {
        try await TestDatabase.with { database in
            let published = RecordingPublisher()
            let redelivery = Self.redelivery(database, publisher: published)
            let letter = DeadLetter(
                messageID: UUID(), topic: Topic.commands, location: "financing.commands/1@42", key: "key-1",
                headers: [MessageHeader(MessageHeader.messageType, "BidOnInvoice")], payload: [0xff, 0x00, 0x7b],
                reason: "payload is not UTF-8")
            try await database.deadLetters.park(letter)
            try await database.deadLetters.park(letter)  // the same message parked again: kept once

            try await redelivery.relayDeadLetters()
            try await redelivery.relayDeadLetters()
            #expect(published.messages.count == 1)
            let relayed = try #require(published.messages.first)
            #expect(relayed.topic == Topic.commands + ".dlq")
            #expect(relayed.key == "key-1")
            #expect(relayed.payload == [0xff, 0x00, 0x7b])
            #expect(relayed.header(MessageHeader.messageType) == "BidOnInvoice")
            #expect(relayed.header(MessageHeader.error) == "payload is not UTF-8")
            #expect(relayed.header("original_location") == "financing.commands/1@42")
        }
    }

    @Test("a letter the broker refuses as too large goes without its payload, saying how large it was")
    func tooLargeGoesWithoutPayload() async throws {
        try await TestDatabase.with { database in
            let published = RefusingLargePublisher(limit: 1_000)
            let redelivery = Redelivery(
                commands: database.commandLog, deadLetters: database.deadLetters, publisher: published,
                lock: PostgresLeaderLock(url: database.url, key: 4_242, logger: TestLogging.logger("lock")),
                logger: TestLogging.logger("redelivery"))
            try await database.deadLetters.park(
                DeadLetter(
                    messageID: UUID(), topic: Topic.registering, location: "registering.events/0@1", key: nil,
                    headers: [], payload: Array(repeating: 0x41, count: 5_000), reason: "too large to handle"))
            try await redelivery.relayDeadLetters()
            let relayed = try #require(published.accepted.messages.first)
            #expect(relayed.payload.isEmpty)
            #expect(relayed.header("payload_omitted") == "5000 bytes")
            #expect(try await database.deadLetters.unpublishedLetters(limit: 10).isEmpty)
        }
    }
}

/// A bus that refuses messages over `limit` bytes as too large, as Kafka does over message.max.bytes.
private struct RefusingLargePublisher: MessagePublisher {
    let limit: Int
    let accepted = RecordingPublisher()

    func publish(_ messages: [OutgoingMessage]) async throws(MessagingError) {
        if messages.contains(where: { $0.payload.count > limit }) {
            throw MessagingError("Broker: Message size too large", tooLarge: true)
        }
        try await accepted.publish(messages)
    }
}

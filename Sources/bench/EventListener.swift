import EventSourcing
import FinancingMessages
import Foundation
import Kafka
import Logging
import Synchronization

/// Consumes `financing.events` in a consumer group of its own, starting at the end of the topic,
/// and tells the tracker (first event per command), the invoice pool (invoices financed) and
/// the projection watcher (what the read models must show) about each event.
final class EventListener: Sendable {
    private let consumer: KafkaConsumer
    private let tracker: CommandTracker
    private let invoices: InvoicePool
    private let watcher: ProjectionWatcher
    private let logger: Logger
    private let received = Atomic<Int>(0)

    init(
        brokers: String, tracker: CommandTracker, invoices: InvoicePool, watcher: ProjectionWatcher, logger: Logger
    ) throws {
        var configuration = KafkaConsumerConfiguration(
            brokers: brokers, groupID: "bench-\(UUID().uuidString.lowercased())", topics: [Topic.events])
        // Only this run's events matter; a fresh group starting at the end never replays history.
        configuration.autoOffsetReset = "latest"
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        self.tracker = tracker
        self.invoices = invoices
        self.watcher = watcher
        self.logger = logger
    }

    /// Events received so far; more than zero means the consumer has its partitions.
    var receivedCount: Int { received.load(ordering: .relaxed) }

    /// Consumes until the task is cancelled, then leaves the group.
    func run() async {
        while !Task.isCancelled {
            do {
                guard let message = try await consumer.poll(timeout: .milliseconds(100)) else { continue }
                handle(message, arrival: WallClock.nowMicros())
            } catch {
                if Task.isCancelled { break }
                logger.warning("consuming financing.events failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        await consumer.close()
    }

    private func handle(_ message: KafkaMessage, arrival: Int64) {
        received.add(1, ordering: .relaxed)
        if let commandID = message.header(MessageHeader.traceparent).flatMap(TraceContext.commandID(in:)) {
            tracker.eventSeen(commandID: commandID, micros: arrival)
        }
        guard let id = message.header(MessageHeader.aggregateID).flatMap(UUID.init(uuidString:)),
            let type = message.header(MessageHeader.aggregateType),
            let version = message.header(MessageHeader.aggregateVersion).flatMap({ Int($0) })
        else { return }
        watcher.expect(aggregateType: type, id: id, version: version, arrival: arrival)
        if message.header(MessageHeader.messageType) == "InvoiceFinanced" { invoices.markFinanced(id) }
    }
}

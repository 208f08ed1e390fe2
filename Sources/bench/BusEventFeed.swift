import EventSourcing
import FinancingMessages
import Foundation
import Kafka
import Logging
import Synchronization

/// Consumes `financing.events` in a consumer group of its own, starting at the end of the topic, and
/// hands each event, timed by its arrival here, to the recipients.
final class BusEventFeed: EventFeed {
    private let consumer: KafkaConsumer
    private let recipients: SightingRecipients
    private let logger: Logger
    private let received = Atomic<Int>(0)

    init(brokers: String, recipients: SightingRecipients, logger: Logger) throws {
        var configuration = KafkaConsumerConfiguration(
            brokers: brokers, groupID: "bench-\(UUID().uuidString.lowercased())", topics: [Topic.events])
        // Only this run's events matter; a fresh group starting at the end never replays history.
        configuration.autoOffsetReset = "latest"
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        self.recipients = recipients
        self.logger = logger
    }

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
        guard let id = message.header(MessageHeader.aggregateID).flatMap(UUID.init(uuidString:)),
            let type = message.header(MessageHeader.aggregateType),
            let version = message.header(MessageHeader.aggregateVersion).flatMap({ Int($0) })
        else { return }
        recipients.take(
            EventSighting(
                commandID: message.header(MessageHeader.traceparent).flatMap(TraceContext.commandID(in:)),
                aggregateType: type, aggregateID: id, version: version,
                eventType: message.header(MessageHeader.messageType) ?? "", atMicros: arrival))
    }
}

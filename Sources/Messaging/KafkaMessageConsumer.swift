import EventSourcing
import Kafka
import Logging

/// A consumer-group member over Kafka; offsets are committed only on `acknowledge`.
public struct KafkaMessageConsumer: MessageConsumer, Sendable {
    private let consumer: KafkaConsumer

    public init(consumer: KafkaConsumer) { self.consumer = consumer }

    public func next(timeout: Duration) async throws(MessagingError) -> IncomingMessage? {
        do {
            guard let message = try await consumer.poll(timeout: timeout) else { return nil }
            return IncomingMessage(
                topic: message.topic, partition: message.partition, offset: message.offset,
                key: message.key.map { String(decoding: $0, as: UTF8.self) }, payload: message.value,
                headers: message.headers.map { MessageHeader($0.key, String(decoding: $0.value, as: UTF8.self)) })
        } catch {
            throw MessagingError("consuming failed: \(error)")
        }
    }

    public func acknowledge(_ message: IncomingMessage) async throws(MessagingError) {
        do {
            try await consumer.commit(
                KafkaMessage(
                    topic: message.topic, partition: message.partition, offset: message.offset, key: nil, value: [],
                    headers: []))
        } catch {
            throw MessagingError("committing \(message.location) failed: \(error)")
        }
    }

    public func close() async { await consumer.close() }
}

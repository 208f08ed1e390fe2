import EventSourcing
import Kafka
import Logging

/// Publishes through an idempotent Kafka producer; returns once the broker acknowledged all.
public struct KafkaMessagePublisher: MessagePublisher, Sendable {
    private let producer: KafkaProducer

    public init(producer: KafkaProducer) { self.producer = producer }

    public func publish(_ messages: [OutgoingMessage]) async throws(MessagingError) {
        guard !messages.isEmpty else { return }
        let outgoing = messages.map { message in
            KafkaOutgoingMessage(
                topic: message.topic, key: message.key.map { Array($0.utf8) }, value: message.payload,
                headers: message.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        }
        let results = await producer.sendBatch(outgoing)
        for (index, result) in results.enumerated() {
            if case .failure(let error) = result {
                // 10 is MSG_SIZE_TOO_LARGE, whether librdkafka refused it locally or the broker did.
                throw MessagingError(
                    "publishing to \(messages[index].topic) failed: \(error)", tooLarge: error.rdKafkaCode == 10)
            }
        }
    }
}

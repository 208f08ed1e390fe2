import EventSourcing
import Kafka
import Logging

/// A consumer-group member over Kafka; an offset moves only past acknowledged messages.
public struct KafkaMessageConsumer: MessageConsumer, Sendable {
    /// How `acknowledge` moves the offset.
    public enum Acknowledgement: Sendable {
        /// A synchronous commit per message: simplest, one broker round trip each.
        case commitEach
        /// Store the offset; the consumer commits stored offsets periodically and on close
        /// (`KafkaConsumerConfiguration.commitInterval` must be set).
        case storeForPeriodicCommit
    }

    private let consumer: KafkaConsumer
    private let acknowledgement: Acknowledgement

    public init(consumer: KafkaConsumer, acknowledgement: Acknowledgement = .commitEach) {
        self.consumer = consumer
        self.acknowledgement = acknowledgement
    }

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
        let position = KafkaMessage(
            topic: message.topic, partition: message.partition, offset: message.offset, key: nil, value: [],
            headers: [])
        #if CHAOS_CONTROL_EARLY_ACK
            // The negative control acknowledges before processing; committing at once (not at the next
            // periodic commit) makes a kill at its failpoint lose the message, as that bug would.
            let acknowledgement = Acknowledgement.commitEach
        #endif
        do {
            switch acknowledgement {
            case .commitEach:
                try await consumer.commit(position)
            case .storeForPeriodicCommit:
                // False: the partition moved to another member, which redelivers it; nothing to do here.
                try consumer.store(position)
            }
        } catch {
            throw MessagingError("committing \(message.location) failed: \(error)")
        }
    }

    public func close() async { await consumer.close() }
}

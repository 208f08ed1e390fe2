import EventSourcing
import FinancingMessages
import Foundation
import Kafka
import Logging

/// Re-reads the dead-letter topics from the start with a fresh consumer group after the run.
struct DeadLetterReader: Sendable {
    /// One dead-lettered message as the poison checker needs it.
    struct Letter: Sendable {
        /// The `.dlq` topic it is on.
        let topic: String
        /// Its `chaos_poison` header: nil for a message the poisoner did not make.
        let poison: String?
        /// The `error` header the consumer wrote.
        let reason: String?
        /// Where the consumer read the original: `topic/partition@offset`.
        let originalLocation: String?
        let messageType: String?
        let messageID: String?
    }

    let brokers: String
    let logger: Logger

    /// Reads `topics` until every id of `expected` was seen and nothing new came for `idle` (or
    /// nothing came for 20 s while some are missing), or until `timeout`.
    func read(topics: [String], expected: Set<String>, idle: Duration, timeout: Duration) async throws -> [Letter] {
        var letters: [Letter] = []
        let scan = TopicScan(brokers: brokers, groupPrefix: "chaos-dlq-checker", logger: logger)
        let missing = try await scan.scan(topics: topics, expected: expected, idle: idle, timeout: timeout) { message in
            let poison = message.header(Poisoner.traceHeader)
            letters.append(
                Letter(
                    topic: message.topic, poison: poison, reason: message.header(MessageHeader.error),
                    originalLocation: message.header("original_location"),
                    messageType: message.header(MessageHeader.messageType),
                    messageID: message.header(MessageHeader.messageID)))
            return poison
        }
        if !missing.isEmpty {
            logger.warning("dead-letter topics read with poison missing", metadata: ["missing": "\(missing.count)"])
        }
        return letters
    }
}

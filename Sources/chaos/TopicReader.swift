import FinancingMessages
import Foundation
import Kafka
import Logging

/// Re-reads the topics from the start with a fresh consumer group after the run: what actually
/// reached the bus, in partition order, redeliveries included.
struct TopicReader: Sendable {
    /// One message as the checkers need it.
    struct Message: Sendable {
        let topic: String
        let messageID: String
        let aggregateID: String?
        let version: Int?
        /// The `chaos_poison` header of a message the poisoner made, which other checkers ignore.
        var poison: String?
    }

    let brokers: String
    let logger: Logger

    /// Reads `topics` until `expectedEvents` distinct event ids were seen on `financing.events` and
    /// nothing new came for `idle` (or for 20 s while some are missing), or until `timeout`.
    func read(topics: [String], expectedEvents: Set<String>, idle: Duration, timeout: Duration) async throws
        -> [Message]
    {
        var messages: [Message] = []
        let scan = TopicScan(brokers: brokers, groupPrefix: "chaos-checker", logger: logger)
        _ = try await scan.scan(topics: topics, expected: expectedEvents, idle: idle, timeout: timeout) { message in
            let messageID = message.header("message_id") ?? ""
            messages.append(
                Message(
                    topic: message.topic, messageID: messageID, aggregateID: message.header("aggregate_id"),
                    version: message.header("aggregate_version").flatMap { Int($0) },
                    poison: message.header(Poisoner.traceHeader)))
            return message.topic == Topic.events ? messageID : nil
        }
        return messages
    }
}

import Foundation
import Kafka
import Logging

/// Reads topics from the start with a fresh consumer group until the messages it waits for were
/// all seen and nothing new came for `idle` (or nothing came for 20 s while some are missing), or
/// until `timeout`: how the checkers re-read what reached the bus once the run is quiet.
struct TopicScan: Sendable {
    let brokers: String
    /// Prefix of the fresh consumer group's name, to tell the checkers' groups apart on the broker.
    let groupPrefix: String
    let logger: Logger

    /// Hands each message to `take`, which returns the id it stands for among `expected` (or nil);
    /// returns the ids never seen.
    func scan(
        topics: [String], expected: Set<String>, idle: Duration, timeout: Duration,
        _ take: (KafkaMessage) -> String?
    ) async throws -> Set<String> {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                brokers: brokers, groupID: "\(groupPrefix)-\(UUID().uuidString.lowercased())", topics: topics),
            logger: logger)
        var missing = expected
        let deadline = ContinuousClock.now + timeout
        var lastNews = ContinuousClock.now
        while ContinuousClock.now < deadline {
            guard let message = try await consumer.poll(timeout: .milliseconds(200)) else {
                let quiet = ContinuousClock.now - lastNews
                if quiet > .seconds(20) || (missing.isEmpty && quiet > idle) { break }
                continue
            }
            lastNews = ContinuousClock.now
            if let id = take(message) { missing.remove(id) }
        }
        await consumer.close()
        return missing
    }
}

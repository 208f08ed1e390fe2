import FinancingMessages
import Foundation
import Kafka
import Synchronization
import Testing

/// A test's own subscription to `financing.events`: a fresh consumer group reading from the earliest
/// offset, so nothing the test causes can slip past while the group is still joining (~3 s). The topic
/// also carries every other test's events, so assertions look only at the aggregates the test owns.
final class EventRecorder: Sendable {
    private let consumer: KafkaConsumer
    /// Everything read so far, by Kafka key (the aggregate id), in offset order; exact redeliveries
    /// (same `message_id`, headers and payload: allowed by at-least-once delivery) are kept once.
    private let streams = Mutex<[String: [ObservedEvent]]>([:])
    private let failure = Mutex<String?>(nil)
    private let poller = Mutex<Task<Void, Never>?>(nil)

    private let topic: String

    private init(topic: String) throws {
        self.topic = topic
        var configuration = KafkaConsumerConfiguration(
            brokers: StackEnvironment.brokers, groupID: "acceptance-\(freshID())", topics: [topic])
        configuration.autoOffsetReset = "earliest"
        consumer = try KafkaConsumer(configuration: configuration, logger: StackEnvironment.logger)
    }

    /// Subscribes to `topic` (by default `financing.events`) and starts recording in the background.
    static func start(topic: String = Topic.events) throws -> EventRecorder {
        let recorder = try EventRecorder(topic: topic)
        recorder.poller.withLock { $0 = Task { await recorder.record() } }
        return recorder
    }

    /// Stops recording and leaves the consumer group.
    func stop() async {
        let task = poller.withLock { $0 }
        task?.cancel()
        await task?.value
        await consumer.close()
    }

    /// The messages keyed by one aggregate id seen so far, in order.
    func events(of aggregateID: String) -> [ObservedEvent] {
        streams.withLock { $0[aggregateID] ?? [] }
    }

    /// Waits until the aggregate has at least `count` events and returns them all.
    @discardableResult
    func waitForEvents(of aggregateID: String, count: Int) async throws -> [ObservedEvent] {
        try await eventually("\(count) message(s) keyed \(aggregateID) on \(topic)") {
            try checkHealthy()
            let events = events(of: aggregateID)
            return events.count >= count ? events : nil
        }
    }

    /// Asserts that each aggregate's stream is exactly `expected`, in order, with the headers of SPEC §4
    /// and 1-based contiguous versions, and that nothing more arrives during a short grace period.
    func expectStreams(
        _ expected: [(aggregateID: String, events: [ExpectedEvent])],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let clock = ContinuousClock()
        let deadline = clock.now + StackEnvironment.deadline
        func counts() -> [Int] { expected.map { events(of: $0.aggregateID).count } }
        let wanted = expected.map(\.events.count)
        while clock.now < deadline, failure.withLock({ $0 }) == nil, zip(counts(), wanted).contains(where: <) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        // Watch a little longer: an unexpected extra event fails the test as soon as it shows.
        let graceEnd = clock.now + StackEnvironment.grace
        while clock.now < graceEnd, !zip(counts(), wanted).contains(where: >) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if let failure = failure.withLock({ $0 }) {
            Issue.record("the event subscription failed: \(failure)", sourceLocation: sourceLocation)
        }
        for (aggregateID, events) in expected {
            expectStream(aggregateID, is: events, sourceLocation: sourceLocation)
        }
    }

    private func expectStream(_ aggregateID: String, is expected: [ExpectedEvent], sourceLocation: SourceLocation) {
        let observed = events(of: aggregateID)
        let listing = observed.isEmpty ? "(none)" : observed.map { "  \($0)" }.joined(separator: "\n")
        #expect(
            observed.map(\.essence) == expected,
            "events of aggregate \(aggregateID); on the wire:\n\(listing)", sourceLocation: sourceLocation)
        var messageIDs: Set<String> = []
        for (index, event) in observed.enumerated() {
            let problems = headerProblems(event, aggregateID: aggregateID, version: index + 1, seen: &messageIDs)
            #expect(problems.isEmpty, "\(problems.joined(separator: "; ")) in \(event)", sourceLocation: sourceLocation)
        }
    }

    /// What is wrong with an event's key and headers (SPEC §4), if anything.
    private func headerProblems(_ event: ObservedEvent, aggregateID: String, version: Int, seen: inout Set<String>)
        -> [String]
    {
        var problems: [String] = []
        if event.key != aggregateID { problems.append("key is not the aggregate id \(aggregateID)") }
        if event.aggregateID != aggregateID { problems.append("aggregate_id header is not \(aggregateID)") }
        if event.headers["aggregate_version"] != String(version) {
            problems.append("aggregate_version is not \(version)")
        }
        if event.headers["schema_version"] != "1" { problems.append("schema_version is not 1") }
        if let id = event.messageID, let uuid = UUID(uuidString: id), uuid.uuidString.lowercased() == id.lowercased() {
            if !seen.insert(id.lowercased()).inserted { problems.append("message_id \(id) is not unique") }
        } else {
            problems.append("message_id is not a UUID")
        }
        for name in [
            "message_type", "message_id", "schema_version", "aggregate_id", "aggregate_type", "aggregate_version",
        ]
        where event.headerCounts[name] != 1 {
            problems.append("header \(name) appears \(event.headerCounts[name] ?? 0) times")
        }
        return problems
    }

    private func checkHealthy() throws {
        if let failure = failure.withLock({ $0 }) { throw SubscriptionFailed(reason: failure) }
    }

    private func record() async {
        while !Task.isCancelled {
            do {
                guard let message = try await consumer.poll(timeout: .milliseconds(200)) else { continue }
                let event = ObservedEvent(message)
                let stream = event.key ?? event.aggregateID ?? "<no key>"
                streams.withLock { streams in
                    if streams[stream]?.contains(where: { $0.isRedelivery(of: event) }) == true { return }
                    streams[stream, default: []].append(event)
                }
            } catch {
                failure.withLock { $0 = "\(error)" }
                return
            }
        }
    }
}

/// The test's subscription to `financing.events` broke.
struct SubscriptionFailed: Error, CustomStringConvertible {
    let reason: String
    var description: String { "the event subscription failed: \(reason)" }
}
